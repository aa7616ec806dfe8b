package io.gio.spf.inventory;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.Host;
import io.gio.cluster.spi.Stamp;
import io.gio.spf.vm.VmStatus;
import io.gio.spf.vm.VmStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VMM's host refresh for VMs: compares the IDs the fabric lists on each stamp with the VMs of the
 * VMM view, adopts the fabric's VMs the view lacks, and marks the view's VMs the fabric lost as
 * {@code Missing} (as VMM does; they are not deleted, and the administrator may remove them).
 *
 * <p>An adopted VM gets its {@code vmm_vm} row, with disks, drives and adapters as
 * {@link VmInventoryWriter} writes them, on its stamp and in no cloud: the SPF administrator sees
 * it, no tenant does. Its owner is empty, its guest OS Unknown, its status the fabric's.
 *
 * <p>Cheap when nothing changed: per stamp one listing of the fabric's IDs and one query of the
 * view's IDs; {@link ClusterDriver#vm(UUID)} is called only for the IDs that differ. Not adopted
 * (left for a later pass): VMs busy with an operation or in a transitional state (a VM the adapter
 * is creating is one), and targets of migrations, which the migration view lists itself. A VM
 * in the view that the fabric does not list is confirmed with {@code vm(id)} before it is marked;
 * VMs under creation or whose creation failed are left alone. A Missing VM that the fabric lists
 * again gets its state back.
 */
public final class VmAdoption {

    /** What one pass changed. */
    public record Result(int adopted, int missing, int returned) {
        public boolean changed() {
            return adopted + missing + returned > 0;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(VmAdoption.class);
    private static final String MISSING = VmStatus.of(io.gio.cluster.spi.PowerState.UNKNOWN);
    private static final Set<String> NOT_MARKED = Set.of(MISSING, "UnderCreation", "CreationFailed");
    private static final int CHUNK = 500;

    private final Jdbi jdbi;
    private final ClusterDriver driver;
    private final VmStore vms;
    private final VmInventoryWriter writer;
    private final Clock clock;

    public VmAdoption(Jdbi jdbi, ClusterDriver driver, VmStore vms, Clock clock) {
        this.jdbi = jdbi;
        this.driver = driver;
        this.vms = vms;
        this.writer = new VmInventoryWriter(jdbi);
        this.clock = clock;
    }

    /** One pass over every stamp. One at a time: concurrent passes would adopt the same VMs. */
    public synchronized Result run() {
        int adopted = 0;
        int missing = 0;
        int returned = 0;
        for (Stamp stamp : driver.stamps()) {
            // The view first, then the fabric: a VM created in between is listed by the fabric,
            // not taken for missing.
            Map<UUID, String> known = statuses(stamp.id());
            Set<UUID> listed = new HashSet<>(driver.vmIds(stamp.id()));
            List<UUID> unknown = listed.stream().filter(id -> !known.containsKey(id)).sorted().toList();
            for (int from = 0; from < unknown.size(); from += CHUNK) {
                adopted += adopt(stamp, unknown.subList(from, Math.min(unknown.size(), from + CHUNK)));
            }
            for (Map.Entry<UUID, String> e : known.entrySet()) {
                UUID id = e.getKey();
                boolean isListed = listed.contains(id);
                if (!isListed && !NOT_MARKED.contains(e.getValue())) {
                    Optional<FabricVm> vm = driver.vm(id);
                    if (vm.isEmpty()) {
                        vms.refreshState(id, vm, clock.instant());
                        missing++;
                    }
                } else if (isListed && MISSING.equals(e.getValue())) {
                    Optional<FabricVm> vm = driver.vm(id);
                    if (vm.isPresent()) {
                        vms.refreshState(id, vm, clock.instant());
                        returned++;
                    }
                }
            }
        }
        Result result = new Result(adopted, missing, returned);
        if (result.changed()) {
            LOG.info("Inventory refresh: {} VM(s) adopted from the fabric, {} marked Missing, {} back", adopted,
                    missing, returned);
        }
        return result;
    }

    private Map<UUID, String> statuses(UUID stampId) {
        Map<UUID, String> out = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT id, status FROM vmm_vm WHERE stamp_id = :stamp")
                .bind("stamp", stampId)
                .map((rs, ctx) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    private int adopt(Stamp stamp, List<UUID> ids) {
        Set<UUID> migrating = jdbi.withHandle(h -> new HashSet<>(h.createQuery(
                        "SELECT target_vm_id FROM mig_migration WHERE target_vm_id IN (<ids>)")
                .bindList("ids", ids).mapTo(UUID.class).list()));
        List<FabricVm> found = new ArrayList<>();
        for (UUID id : ids) {
            if (migrating.contains(id)) {
                continue;
            }
            try {
                driver.vm(id).filter(vm -> vm.runningOperation().isEmpty() && !vm.state().isTransitional())
                        .filter(vm -> vm.stampId().equals(stamp.id()))
                        .ifPresent(found::add);
            } catch (ClusterException e) {
                LOG.warn("Cannot read VM {} of stamp {} to adopt it; trying again on the next refresh: {}", id,
                        stamp.name(), e.getMessage());
            }
        }
        if (found.isEmpty()) {
            return 0;
        }
        // Listed meanwhile (the adapter created or imported it)? Then it is not ours to add.
        Set<UUID> listedNow = jdbi.withHandle(h -> new HashSet<>(h.createQuery(
                        "SELECT id FROM vmm_vm WHERE id IN (<ids>)")
                .bindList("ids", found.stream().map(FabricVm::id).toList()).mapTo(UUID.class).list()));
        List<VmInventoryWriter.Entry> entries = found.stream().filter(vm -> !listedNow.contains(vm.id()))
                .map(vm -> new VmInventoryWriter.Entry(vm, metadata(vm))).toList();
        Map<UUID, String> hostNames = driver.hosts(stamp.id()).stream()
                .collect(Collectors.toMap(Host::id, Host::name, (a, b) -> a));
        try {
            writer.insert(entries, hostNames, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("Adopting {} VM(s) of stamp {} failed; trying again on the next refresh: {}", entries.size(),
                    stamp.name(), e.getMessage());
            return 0;
        }
        return entries.size();
    }

    /** What VMM knows of a VM it found on a host: nothing beyond the fabric's view. */
    static VmMetadata metadata(FabricVm vm) {
        return new VmMetadata(null, "", "", null, Optional.empty(), Optional.empty(), "Unknown", "Unknown", "",
                vm.name(), "", 1, List.of());
    }
}
