package io.gio.migration;

import static io.gio.migration.MigrationException.Reason.CONFLICT;
import static io.gio.migration.MigrationException.Reason.INVALID;
import static io.gio.migration.MigrationException.Reason.NOT_FOUND;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.FabricDisk;
import io.gio.cluster.spi.FabricNetwork;
import io.gio.cluster.spi.FabricNic;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.Generation;
import io.gio.cluster.spi.Link;
import io.gio.cluster.spi.MigrationSupport;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.Stamp;
import io.gio.cluster.spi.TransferKind;
import io.gio.cluster.spi.Volume;
import io.gio.cluster.spi.VolumeKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks a request against the VM, the target and the other migrations, and turns it into a
 * stored plan: the strategy, the target volume and networks, the spec. Every refusal says why.
 */
final class Planner {

    /** How far in the past a window may start (clock skew between client and gateway). */
    static final Duration WINDOW_SKEW = Duration.ofMinutes(1);

    private final ClusterDriver driver;
    private final MigrationStore store;

    Planner(ClusterDriver driver, MigrationStore store) {
        this.driver = driver;
        this.store = store;
    }

    MigrationRow plan(MigrationRequest req, Instant now, Map<UUID, Long> reservedBytesByVolume) {
        if (driver.migrations().isEmpty()) {
            throw new MigrationException(INVALID, "the fabric '" + driver.name() + "' cannot migrate VMs");
        }
        FabricVm vm = driver.vm(req.vmId())
                .orElseThrow(() -> new MigrationException(NOT_FOUND, "VM " + req.vmId() + " does not exist"));
        store.holding(vm.id()).ifPresent(m -> {
            throw new MigrationException(CONFLICT, "VM '" + vm.name() + "' is already migrating (migration "
                    + m.id + " is " + m.state.wireName() + ")");
        });
        if (vm.disks().isEmpty()) {
            throw new MigrationException(INVALID, "VM '" + vm.name() + "' has no disks to migrate");
        }
        if (vm.state() == PowerState.CREATION_FAILED || vm.state() == PowerState.CREATING
                || vm.state() == PowerState.DELETING || vm.state() == PowerState.UNKNOWN) {
            throw new MigrationException(INVALID, "VM '" + vm.name() + "' is " + vm.state() + " and cannot be migrated");
        }
        Stamp source = stamp(vm.stampId());
        Stamp target = driver.stamps().stream().filter(s -> s.id().equals(req.targetStampId())).findFirst()
                .orElseThrow(() -> new MigrationException(NOT_FOUND, "stamp " + req.targetStampId() + " does not exist"));
        Optional<Link> link = link(source, target);
        if (!source.id().equals(target.id()) && link.isEmpty()) {
            throw new MigrationException(INVALID, "no network link joins stamp " + source.name() + " to " + target.name());
        }
        Generation gen = target.generation();
        int cpu = req.targetCpuCount().orElse(vm.cpuCount());
        int memory = req.targetMemoryMb().orElse(vm.memoryMb());
        if (cpu < 1 || memory < 1) {
            throw new MigrationException(INVALID, "TargetCPUCount and TargetMemoryMB must be positive");
        }
        if (cpu > gen.maxCpuPerVm()) {
            throw new MigrationException(INVALID, "stamp " + target.name() + " (" + gen.hypervisor() + ") allows at most "
                    + gen.maxCpuPerVm() + " virtual processors per VM, not " + cpu);
        }
        if (memory > gen.maxMemoryMbPerVm()) {
            throw new MigrationException(INVALID, "stamp " + target.name() + " allows at most " + gen.maxMemoryMbPerVm()
                    + " MB of memory per VM, not " + memory);
        }
        DiskFormat sourceFormat = vm.disks().get(0).format();
        boolean convert = convert(req, vm, target, sourceFormat);
        DiskFormat targetFormat = convert ? DiskFormat.VHDX : sourceFormat;
        if (!gen.diskFormats().contains(targetFormat)) {
            throw new MigrationException(INVALID, "stamp " + target.name() + " cannot attach " + targetFormat + " disks");
        }
        long bytes = vm.disks().stream().mapToLong(FabricDisk::usedBytes).sum();
        UUID sourceVolume = vm.disks().stream().filter(FabricDisk::boot).findFirst().orElse(vm.disks().get(0)).volumeId();
        Volume volume = targetVolume(req, target, bytes, reservedBytesByVolume, vm.disks());
        boolean resized = cpu != vm.cpuCount() || memory != vm.memoryMb();
        Strategy strategy = strategy(req.strategy(), vm, source, target, volume, sourceVolume,
                new Constraints(convert, resized, req.cutoverMode()));
        Instant notBefore = req.notBefore().orElse(now);
        if (notBefore.isBefore(now.minus(WINDOW_SKEW))) {
            throw new MigrationException(INVALID, "NotBefore " + notBefore + " is in the past (it is now " + now + ")");
        }
        MigrationRow r = new MigrationRow();
        r.id = req.id();
        r.vmId = vm.id();
        r.vmName = vm.name();
        r.sourceStampId = source.id();
        r.sourceVolumeId = sourceVolume;
        r.sourcePowerState = vm.state();
        r.targetStampId = target.id();
        r.targetVolumeId = volume.id();
        r.targetVolumePinned = req.targetVolumeId().isPresent();
        r.targetVmId = UUID.nameUUIDFromBytes(("gio-migration/" + req.id() + "/target-vm").getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        r.linkId = link.map(Link::id).orElse(null);
        r.strategyRequested = req.strategy();
        r.strategy = strategy;
        r.convertToVhdx = convert;
        r.targetCpuCount = cpu;
        r.targetMemoryMb = memory;
        r.targetNetworks = networks(vm, source, target);
        r.notBefore = notBefore.isBefore(now) ? now : notBefore;
        r.cutoverMode = req.cutoverMode();
        r.state = MigrationState.SCHEDULED;
        r.step = Step.WAIT;
        r.phase = "Scheduled: waiting for " + (notBefore.isAfter(now) ? "the window starting " + notBefore : "capacity");
        r.bytesTotal = bytes;
        r.created = now;
        r.updated = now;
        return r;
    }

    private boolean convert(MigrationRequest req, FabricVm vm, Stamp target, DiskFormat sourceFormat) {
        boolean vhdxTarget = target.generation().diskFormats().contains(DiskFormat.VHDX);
        if (req.convertToVhdx().isEmpty()) {
            return vhdxTarget && sourceFormat == DiskFormat.VHD;
        }
        if (req.convertToVhdx().get()) {
            if (!vhdxTarget) {
                throw new MigrationException(INVALID, "ConvertToVhdx: stamp " + target.name() + " ("
                        + target.generation().hypervisor() + ") cannot attach VHDX disks");
            }
            return sourceFormat == DiskFormat.VHD;
        }
        return false;
    }

    private Volume targetVolume(MigrationRequest req, Stamp target, long bytes, Map<UUID, Long> reserved,
            List<FabricDisk> disks) {
        List<Volume> volumes = driver.volumes(target.id());
        Function<Volume, Long> free = v -> v.capacityBytes() - v.usedBytes() - reserved.getOrDefault(v.id(), 0L);
        if (req.targetVolumeId().isPresent()) {
            Volume v = volumes.stream().filter(x -> x.id().equals(req.targetVolumeId().get())).findFirst()
                    .orElseThrow(() -> new MigrationException(INVALID, "TargetVolume " + req.targetVolumeId().get()
                            + " is not a volume of stamp " + target.name()));
            if (disks.stream().anyMatch(d -> d.volumeId().equals(v.id()))) {
                throw new MigrationException(INVALID, "the VM's disks are already on volume " + v.name());
            }
            if (free.apply(v) < bytes) {
                throw new MigrationException(INVALID, "volume " + v.name() + " has " + gib(free.apply(v))
                        + " free, the VM needs " + gib(bytes));
            }
            return v;
        }
        return volumes.stream()
                .filter(v -> disks.stream().noneMatch(d -> d.volumeId().equals(v.id())))
                .filter(v -> free.apply(v) >= bytes)
                .max(Comparator.comparing(free))
                .orElseThrow(() -> new MigrationException(INVALID, "no volume of stamp " + target.name()
                        + " has room for " + gib(bytes)));
    }

    /**
     * What the request asks beyond moving the VM: a conversion, a new size, the tenant's
     * confirmation of the cut-over. A live migration does none of them (a running VM keeps its
     * disks' format and its processors and memory), and waits for a confirmation only on a fabric
     * that can hold its switch-over.
     */
    record Constraints(boolean convert, boolean resized, CutoverMode cutoverMode) {}

    /** The strategies that can move this VM, least downtime first. */
    static List<Strategy> applicable(FabricVm vm, Stamp source, Stamp target, Volume targetVolume,
            VolumeKind sourceVolumeKind, Constraints c) {
        List<Strategy> out = new ArrayList<>();
        if (source.generation().sharedNothingLiveMigration() && target.generation().sharedNothingLiveMigration()
                && !c.convert() && !c.resized() && vm.state() == PowerState.RUNNING) {
            out.add(Strategy.LIVE_MIGRATION);
        }
        if (targetVolume.kind() == VolumeKind.SMB3_SHARE) {
            out.add(Strategy.SMB_TRANSFER);
        }
        if (sourceVolumeKind == VolumeKind.CSV_ISCSI) {
            out.add(Strategy.STORAGE_REPLICATION);
        }
        out.add(Strategy.EXPORT_IMPORT);
        return out;
    }

    private Strategy strategy(Strategy asked, FabricVm vm, Stamp source, Stamp target, Volume volume,
            UUID sourceVolume, Constraints c) {
        VolumeKind sourceKind = driver.volumes(source.id()).stream().filter(v -> v.id().equals(sourceVolume))
                .map(Volume::kind).findFirst().orElse(VolumeKind.LOCAL);
        List<Strategy> ok = new ArrayList<>(applicable(vm, source, target, volume, sourceKind, c));
        MigrationSupport fabric = driver.migrations().orElseThrow();
        Set<TransferKind> offered = fabric.kinds(vm);
        ok.removeIf(s -> !offered.containsAll(s.needs()));
        boolean unheld = c.cutoverMode() == CutoverMode.CONFIRM && !fabric.holdsLiveSwitchOver();
        if (unheld) {
            ok.remove(Strategy.LIVE_MIGRATION);
        }
        if (ok.isEmpty()) {
            throw new MigrationException(INVALID, "the fabric '" + driver.name() + "' offers no transfer that can move VM '"
                    + vm.name() + "' (it offers " + offered + ")");
        }
        if (asked == Strategy.AUTO) {
            return ok.get(0);
        }
        if (!ok.contains(asked)) {
            throw new MigrationException(INVALID, "Strategy " + asked.wireName() + " cannot move VM '" + vm.name()
                    + "' from " + source.name() + " to " + target.name() + ": " + (!offered.containsAll(asked.needs())
                            ? "the fabric '" + driver.name() + "' offers no " + asked.needs() + " transfers"
                                    + (fabric.kinds().containsAll(asked.needs()) ? " for this VM (its disks or host rule them out)" : "")
                            : asked == Strategy.LIVE_MIGRATION && unheld && !c.convert() && !c.resized()
                                    ? "on the fabric '" + driver.name() + "' a live migration switches over as soon as its"
                                            + " copy converges, so it cannot wait for a confirmed cut-over (use CutoverMode Automatic)"
                                    : why(asked, vm, source, target, volume, c))
                    + "; applicable: " + ok.stream().map(Strategy::wireName).collect(Collectors.joining(", ")));
        }
        return asked;
    }

    private static String why(Strategy s, FabricVm vm, Stamp source, Stamp target, Volume volume, Constraints c) {
        return switch (s) {
            case LIVE_MIGRATION -> c.convert() ? "a live migration cannot convert disks (set ConvertToVhdx to false)"
                    : c.resized() ? "a live migration keeps the VM's " + vm.cpuCount() + " virtual processors and "
                            + vm.memoryMb() + " MB of memory (leave TargetCPUCount and TargetMemoryMB out)"
                    : "shared-nothing live migration needs a running VM and Windows Server 2012 or newer on both ends ("
                            + source.generation().hypervisor() + " to " + target.generation().hypervisor() + ")";
            case SMB_TRANSFER -> "the target volume " + volume.name() + " is not an SMB 3 share";
            case STORAGE_REPLICATION -> "the source disks are not on a replicated SAN LUN";
            default -> "not applicable";
        };
    }

    private List<UUID> networks(FabricVm vm, Stamp source, Stamp target) {
        List<FabricNetwork> targets = driver.networks(target.id());
        Map<UUID, String> sourceNames = driver.networks(source.id()).stream()
                .collect(Collectors.toMap(FabricNetwork::id, FabricNetwork::name));
        List<UUID> out = new ArrayList<>();
        for (FabricNic nic : vm.nics()) {
            String name = sourceNames.getOrDefault(nic.networkId(), "");
            FabricNetwork match = targets.stream().filter(n -> n.name().equalsIgnoreCase(name)).findFirst()
                    .orElseThrow(() -> new MigrationException(INVALID, "stamp " + target.name()
                            + " has no logical network '" + name + "' for the VM's adapter " + nic.macAddress()));
            out.add(match.id());
        }
        return out;
    }

    private Stamp stamp(UUID id) {
        return driver.stamps().stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new MigrationException(NOT_FOUND, "stamp " + id + " does not exist"));
    }

    private Optional<Link> link(Stamp a, Stamp b) {
        return driver.links().stream().filter(l -> (l.fromStampId().equals(a.id()) && l.toStampId().equals(b.id()))
                || (l.fromStampId().equals(b.id()) && l.toStampId().equals(a.id()))).findFirst();
    }

    static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
