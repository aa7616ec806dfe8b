package io.gio.cluster.libvirt;

import io.gio.cluster.spi.CheckpointSupport;
import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricCheckpoint;
import io.gio.cluster.spi.FabricOperation;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.PowerState;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.libvirt.Domain;
import org.libvirt.DomainSnapshot;

/**
 * Checkpoints as libvirt snapshots, named by the checkpoint's ID with its name as the
 * description. libvirt keeps the tree (parents) and the current snapshot; a revert restores the
 * power state the snapshot captured. On QEMU a VM with VHD disks gets external, disk-only
 * snapshots ({@link ExternalCheckpoints}); one with other disks that are not qcow2 (VHDX) is
 * refused with UNSUPPORTED before anything happens (see {@link QemuLimits}).
 */
final class LibvirtCheckpoints implements CheckpointSupport {

    private static final Set<PowerState> STABLE = EnumSet.of(PowerState.RUNNING, PowerState.STOPPED,
            PowerState.PAUSED, PowerState.SAVED);
    /** VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE | VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT. */
    private static final int REDEFINE_AS_CURRENT = 1 | 2;

    private final Fabric fabric;
    private final Snapshots snapshots = new Snapshots();

    LibvirtCheckpoints(Fabric fabric) {
        this.fabric = fabric;
    }

    @Override
    public FabricOperation create(UUID vmId, UUID checkpointId, String name) {
        FabricVm vm = fabric.requireVm(vmId);
        Optional<UUID> usedFor = fabric.operations.vmOf(OpKind.CHECKPOINT_CREATE, checkpointId.toString());
        if (usedFor.isPresent()) {
            if (!usedFor.get().equals(vmId)) {
                throw new ClusterException(ClusterErrorCode.INVALID_ARGUMENT, "The checkpoint ID " + checkpointId
                        + " was used for another VM.");
            }
            return fabric.operations.find(OpKind.CHECKPOINT_CREATE, checkpointId.toString()).orElseThrow();
        }
        if (name == null || name.isBlank()) {
            throw new ClusterException(ClusterErrorCode.INVALID_ARGUMENT, "A checkpoint needs a name.");
        }
        Fabric.requireIdle(vm, STABLE, "create a checkpoint");
        boolean external = external(vm);
        if (!external) {
            QemuLimits.requireSnapshots(fabric, vm);
        } else if (vm.state() == PowerState.PAUSED || vm.state() == PowerState.SAVED) {
            throw new ClusterException(ClusterErrorCode.INVALID_STATE, "A checkpoint of " + vm.name() + " (VHD disks)"
                    + " is taken while it runs or is stopped, not while it is " + vm.state() + ".");
        }
        String xml = "<domainsnapshot><name>" + checkpointId + "</name><description>" + Xml.escape(name)
                + "</description></domainsnapshot>";
        return fabric.operations.start(vmId, OpKind.CHECKPOINT_CREATE, checkpointId.toString(),
                () -> fabric.withDomain(vmId, (host, d) -> {
                    if (external) {
                        ExternalCheckpoints.create(host, d, checkpointId, name, vm.name());
                    } else {
                        Lv.free(Lv.call("take a snapshot of " + vm.name(), () -> d.snapshotCreateXML(xml)));
                    }
                    return null;
                }));
    }

    @Override
    public FabricOperation restore(UUID vmId, UUID checkpointId) {
        FabricVm vm = fabric.requireVm(vmId);
        Snapshots.Snap snap = find(vm, checkpointId);
        Optional<FabricOperation> repeated = repeated(vmId, OpKind.CHECKPOINT_RESTORE, checkpointId);
        if (repeated.isPresent()) {
            return repeated.get();
        }
        Fabric.requireIdle(vm, STABLE, "restore a checkpoint");
        long hostMemory = fabric.topology.host(fabric.host(vm)).memoryMb();
        if (snap.memoryMb() > hostMemory) {
            throw new ClusterException(ClusterErrorCode.CAPACITY, "The checkpoint had " + snap.memoryMb()
                    + " MB of memory; the host has " + hostMemory + " MB.");
        }
        return fabric.operations.start(vmId, OpKind.CHECKPOINT_RESTORE, checkpointId.toString(),
                () -> fabric.withDomain(vmId, (h, d) -> {
                    if (Lv.call("read the VM " + vm.name(), d::hasManagedSaveImage) == 1) {
                        Lv.call("discard the saved state of " + vm.name(), d::managedSaveRemove);
                    }
                    DomainSnapshot s = Lv.call("open the checkpoint", () -> d.snapshotLookupByName(snap.libvirtName()));
                    try {
                        if (ExternalCheckpoints.isExternal(Xml.parse(Lv.call("read the checkpoint", s::getXMLDesc))
                                .getDocumentElement())) {
                            ExternalCheckpoints.revert(h, d, s, vm, snap.capturedState() == PowerState.RUNNING);
                        } else {
                            Lv.call("restore the checkpoint " + snap.name() + " of " + vm.name(), () -> d.revertToSnapshot(s));
                        }
                    } finally {
                        Lv.free(s);
                    }
                    return null;
                }));
    }

    @Override
    public FabricOperation delete(UUID vmId, UUID checkpointId) {
        FabricVm vm = fabric.requireVm(vmId);
        Snapshots.Snap snap = find(vm, checkpointId);
        Optional<FabricOperation> repeated = repeated(vmId, OpKind.CHECKPOINT_DELETE, checkpointId);
        if (repeated.isPresent()) {
            return repeated.get();
        }
        Fabric.requireIdle(vm, STABLE, "delete a checkpoint");
        return fabric.operations.start(vmId, OpKind.CHECKPOINT_DELETE, checkpointId.toString(),
                () -> fabric.withDomain(vmId, (h, d) -> {
                    deleteKeepingCurrent(vm, d, snap);
                    return null;
                }));
    }

    @Override
    public List<FabricCheckpoint> list(UUID vmId) {
        fabric.requireVm(vmId);
        Map<String, Instant> created = fabric.operations.succeeded(vmId, OpKind.CHECKPOINT_CREATE);
        Optional<String> creating = fabric.operations.running(vmId).filter(op -> op.kind == OpKind.CHECKPOINT_CREATE)
                .map(op -> op.subject);
        List<Snapshots.Snap> all = fabric.withDomain(vmId, (h, d) -> snapshots.read(vmId, d));
        Map<String, Integer> depth = Snapshots.depths(all);
        // Oldest first: by when the gateway started taking each (libvirt's creation time has whole
        // seconds only), then parents before children.
        return all.stream()
                .filter(s -> creating.map(c -> !c.equals(s.libvirtName())).orElse(true))
                .sorted(Comparator.comparing((Snapshots.Snap s) -> created.getOrDefault(s.libvirtName(), s.created()))
                        .thenComparing(s -> depth.getOrDefault(s.libvirtName(), 0)))
                .map(s -> new FabricCheckpoint(s.id(), vmId, s.name(), s.parentId(),
                        created.getOrDefault(s.libvirtName(), s.created()), s.capturedState(), s.current(), 0))
                .toList();
    }

    /** Deletes a snapshot; libvirt drivers that leave no current one get its parent as current. */
    private void deleteKeepingCurrent(FabricVm vm, Domain d, Snapshots.Snap snap) {
        DomainSnapshot s = Lv.call("open the checkpoint", () -> d.snapshotLookupByName(snap.libvirtName()));
        try {
            if (ExternalCheckpoints.isExternal(Xml.parse(Lv.call("read the checkpoint", s::getXMLDesc)).getDocumentElement())) {
                ExternalCheckpoints.delete(fabric.host(vm), d, s, vm);
            } else {
                Lv.call("delete the checkpoint " + snap.name() + " of " + vm.name(), () -> s.delete(0));
            }
        } finally {
            Lv.free(s);
        }
        if (snap.current() && snap.parentName().isPresent() && Snapshots.currentName(d).isEmpty()) {
            DomainSnapshot parent = Lv.call("open the checkpoint's parent",
                    () -> d.snapshotLookupByName(snap.parentName().get()));
            try {
                String xml = Lv.call("read the checkpoint's parent", parent::getXMLDesc);
                Lv.free(Lv.call("make the parent checkpoint current", () -> d.snapshotCreateXML(xml, REDEFINE_AS_CURRENT)));
            } finally {
                Lv.free(parent);
            }
        }
    }

    /** Whether the VM's checkpoints are external (QEMU, VHD disks): see {@link ExternalCheckpoints}. */
    private boolean external(FabricVm vm) {
        return !fabric.host(vm).facts().isTestDriver()
                && fabric.withDomain(vm.id(), (h, d) -> ExternalCheckpoints.applies(VmViews.doc(d)));
    }

    private Snapshots.Snap find(FabricVm vm, UUID checkpointId) {
        return fabric.withDomain(vm.id(), (h, d) -> snapshots.read(vm.id(), d)).stream()
                .filter(s -> s.id().equals(checkpointId)).findFirst()
                .orElseThrow(() -> new ClusterException(ClusterErrorCode.NOT_FOUND, "The virtual machine " + vm.name()
                        + " has no checkpoint " + checkpointId + "."));
    }

    private Optional<FabricOperation> repeated(UUID vmId, OpKind kind, UUID checkpointId) {
        return fabric.operations.running(vmId)
                .filter(op -> op.kind == kind && op.subject.equals(checkpointId.toString()))
                .map(op -> fabric.operations.read(op.id));
    }
}
