package io.gio.cluster.libvirt;

import io.gio.cluster.spi.CheckpointSupport;
import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ConsoleSupport;
import io.gio.cluster.spi.FabricNetwork;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.FabricTemplate;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.Host;
import io.gio.cluster.spi.Link;
import io.gio.cluster.spi.MigrationSupport;
import io.gio.cluster.spi.NicSpec;
import io.gio.cluster.spi.PowerAction;
import io.gio.cluster.spi.QosSupport;
import io.gio.cluster.spi.ScreenshotSupport;
import io.gio.cluster.spi.Stamp;
import io.gio.cluster.spi.VmHardware;
import io.gio.cluster.spi.VmSpec;
import io.gio.cluster.spi.Volume;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Real KVM/QEMU hosts through libvirt: the composition of the driver's parts, each a concern of
 * its own (inventory in {@link Topology}, VMs read by {@link VmViews}, creation, power, resize,
 * adapters, deletion, checkpoints, screenshots, QoS), sharing a {@link Fabric}.
 *
 * <p>No simulated-only capability is offered: no seeding (so no demo data), no fault injection.
 * Backups and migration primitives are not offered yet.
 */
final class LibvirtClusterDriver implements ClusterDriver {

    private final Fabric fabric;
    private final VmCreation creation;
    private final PowerActions power;
    private final Reconfiguration reconfiguration;
    private final DiskExpansion diskExpansion;
    private final NicChanges nics;
    private final VmDeletion deletion;
    private final Optional<CheckpointSupport> checkpoints;
    private final Optional<ScreenshotSupport> screenshots;
    private final Optional<QosSupport> qos;
    private final Templates templates;
    private final Optional<LibvirtTransfers> transfers;
    private final Optional<ConsoleSupport> consoles;
    private final AtomicBoolean closed = new AtomicBoolean();

    LibvirtClusterDriver(Fabric fabric) {
        this.fabric = fabric;
        this.templates = new Templates(fabric);
        this.creation = new VmCreation(fabric, templates);
        this.power = new PowerActions(fabric);
        this.reconfiguration = new Reconfiguration(fabric);
        this.diskExpansion = new DiskExpansion(fabric);
        this.nics = new NicChanges(fabric);
        this.deletion = new VmDeletion(fabric);
        this.checkpoints = Optional.of(new LibvirtCheckpoints(fabric));
        this.screenshots = Optional.of(new LibvirtScreenshots(fabric));
        this.qos = Optional.of(new LibvirtQos(fabric));
        boolean real = fabric.topology.allConnections().stream().noneMatch(h -> h.facts().isTestDriver());
        this.transfers = real ? Optional.of(new LibvirtTransfers(fabric, creation)) : Optional.empty();
        this.consoles = real ? Optional.of(new LibvirtConsoles(fabric)) : Optional.empty();
    }

    /** The shared parts, for the driver's own tests. */
    Fabric fabric() {
        return fabric;
    }

    @Override
    public String name() {
        return LibvirtClusterDriverFactory.NAME;
    }

    @Override
    public List<Stamp> stamps() {
        return fabric.topology.stamps();
    }

    @Override
    public List<Host> hosts(UUID stampId) {
        return fabric.topology.hosts(stampId);
    }

    @Override
    public List<Volume> volumes(UUID stampId) {
        return fabric.topology.volumes(stampId);
    }

    @Override
    public List<FabricNetwork> networks(UUID stampId) {
        return fabric.topology.networks(stampId);
    }

    /** Every two stamps are joined by a link of the configured bandwidth ({@code link-bps}). */
    @Override
    public List<Link> links() {
        List<Stamp> stamps = fabric.topology.stamps();
        List<Link> out = new java.util.ArrayList<>();
        for (int i = 0; i < stamps.size(); i++) {
            for (int j = i + 1; j < stamps.size(); j++) {
                Stamp a = stamps.get(i);
                Stamp b = stamps.get(j);
                out.add(new Link(Ids.link(a.name(), b.name()), a.id(), b.id(), a.name() + " - " + b.name(),
                        fabric.settings.linkBitsPerSecond()));
            }
        }
        return out;
    }

    @Override
    public List<UUID> vmIds(UUID stampId) {
        List<UUID> out = new java.util.ArrayList<>();
        for (HostConnection h : fabric.topology.connections(stampId)) {
            out.addAll(fabric.domains.all(h));
        }
        return out;
    }

    @Override
    public Optional<FabricVm> vm(UUID vmId) {
        return fabric.vm(vmId);
    }

    @Override
    public FabricOperation createVm(VmSpec spec) {
        return creation.create(spec);
    }

    @Override
    public FabricOperation power(UUID vmId, PowerAction action) {
        return power.power(vmId, action);
    }

    @Override
    public FabricOperation reconfigure(UUID vmId, VmHardware hardware) {
        return reconfiguration.reconfigure(vmId, hardware);
    }

    @Override
    public FabricOperation expandDisk(UUID vmId, UUID diskId, long maxBytes) {
        return diskExpansion.expand(vmId, diskId, maxBytes);
    }

    @Override
    public FabricOperation addNic(UUID vmId, NicSpec nic) {
        return nics.add(vmId, nic);
    }

    @Override
    public FabricOperation connectNic(UUID vmId, UUID nicId, UUID networkId) {
        return nics.connect(vmId, nicId, networkId);
    }

    @Override
    public FabricOperation removeNic(UUID vmId, UUID nicId) {
        return nics.remove(vmId, nicId);
    }

    @Override
    public FabricOperation deleteVm(UUID vmId) {
        return deletion.delete(vmId);
    }

    @Override
    public FabricOperation operation(UUID operationId) {
        return fabric.operations.read(operationId);
    }

    @Override
    public Optional<CheckpointSupport> checkpoints() {
        return checkpoints;
    }

    @Override
    public Optional<ScreenshotSupport> screenshots() {
        return screenshots;
    }

    @Override
    public Optional<QosSupport> qos() {
        return qos;
    }

    /** The images configured as {@code template.<NAME>} that the stamp's hosts have ({@link Templates}). */
    @Override
    public List<FabricTemplate> templates(UUID stampId) {
        return templates.list(stampId);
    }

    /** Offered where the hosts have real displays (not on libvirt's test driver). */
    @Override
    public Optional<ConsoleSupport> consoles() {
        return consoles;
    }

    /** Offered where the hosts can stream volumes and copy disks (not on libvirt's test driver). */
    @Override
    public Optional<MigrationSupport> migrations() {
        return transfers.map(MigrationSupport.class::cast);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            transfers.ifPresent(LibvirtTransfers::close);
            fabric.operations.close();
            fabric.topology.close();
        }
    }
}
