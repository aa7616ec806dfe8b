package io.gio.spf.migration;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.Host;
import io.gio.migration.Migration;
import io.gio.migration.MigrationState;
import io.gio.spf.inventory.VmInventoryWriter;
import io.gio.spf.inventory.VmMetadata;
import io.gio.spf.vm.VmStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * What a migration changes in the VMM view. Once the target VM is imported (Verifying on), it is
 * listed in the target cloud, as VMM lists a VM it registered: the source VM's owner, guest OS and
 * description, the target cloud's user role, its own disks as the fabric reports them (a converted
 * disk is a {@code .vhdx} file) and its adapters on the target's VM networks of the same names.
 * When a rollback deletes the target VM it goes from the view; when the commit deletes the retained
 * source VM, the source goes. Both VMs' observed states follow the fabric. Every step looks at the
 * fabric and the view first, so repeating it changes nothing.
 */
final class MigrationView {

    /** States in which an imported target VM belongs in the view. */
    private static final Set<MigrationState> TARGET_LISTED = EnumSet.of(MigrationState.VERIFYING,
            MigrationState.COMPLETED, MigrationState.COMMITTED);

    private record Source(String ownerUser, String osName, String osType, String osVersion, String computerName,
            String description, int vmGeneration) {}

    private final Jdbi jdbi;
    private final ClusterDriver driver;
    private final VmStore vms;
    private final VmInventoryWriter writer;
    private final Clock clock;

    MigrationView(Jdbi jdbi, ClusterDriver driver, VmStore vms, Clock clock) {
        this.jdbi = jdbi;
        this.driver = driver;
        this.vms = vms;
        this.writer = new VmInventoryWriter(jdbi);
        this.clock = clock;
    }

    void sync(MigrationFacts.Row f, Migration m) {
        Optional<FabricVm> target = driver.vm(m.targetVmId());
        boolean targetListed = listed(m.targetVmId());
        if (target.isPresent() && !targetListed && TARGET_LISTED.contains(m.state())) {
            insertTarget(f, m, target.get());
            targetListed = true;
        } else if (target.isEmpty() && targetListed) {
            vms.remove(m.targetVmId());
            targetListed = false;
        }
        if (targetListed) {
            vms.refreshState(m.targetVmId(), target, clock.instant());
        }
        Optional<FabricVm> source = driver.vm(m.vmId());
        if (listed(m.vmId())) {
            if (source.isEmpty() && m.state() == MigrationState.COMMITTED) {
                vms.remove(m.vmId());
            } else {
                vms.refreshState(m.vmId(), source, clock.instant());
            }
        }
    }

    private boolean listed(UUID vmId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM vmm_vm WHERE id = :id").bind("id", vmId)
                .mapTo(Integer.class).one()) > 0;
    }

    private void insertTarget(MigrationFacts.Row f, Migration m, FabricVm vm) {
        Source src = jdbi.withHandle(h -> h.createQuery("SELECT owner_user, os_name, os_type, os_version, computer_name,"
                        + " description, vm_generation FROM vmm_vm WHERE id = :id")
                .bind("id", m.vmId())
                .map((rs, ctx) -> new Source(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getInt(7)))
                .findOne())
                .orElse(new Source(null, "Unknown", "Unknown", "", vm.name(), "", 1));
        String owner = src.ownerUser() != null ? src.ownerUser() : f.ownerUser() != null ? f.ownerUser() : f.requestedBy();
        Map.Entry<String, UUID> role = jdbi.withHandle(h -> h.createQuery("SELECT r.name, r.id FROM vmm_cloud c"
                        + " LEFT JOIN vmm_user_role r ON r.id = c.user_role_id WHERE c.id = :id")
                .bind("id", f.targetCloudId())
                .map((rs, ctx) -> Map.entry(rs.getString(1) == null ? owner : rs.getString(1),
                        rs.getObject(2, UUID.class) == null ? f.targetCloudId() : rs.getObject(2, UUID.class)))
                .findOne())
                .orElse(Map.entry(owner, f.targetCloudId()));
        VmMetadata meta = new VmMetadata(f.targetCloudId(), owner, role.getKey(), role.getValue(), Optional.empty(),
                Optional.empty(), nz(src.osName(), "Unknown"), nz(src.osType(), "Unknown"), nz(src.osVersion(), ""),
                nz(src.computerName(), vm.name()), nz(src.description(), ""), src.vmGeneration(),
                networks(m.vmId(), m.targetStampId(), role.getValue()));
        Map<UUID, String> hostNames = driver.hosts(m.targetStampId()).stream()
                .collect(Collectors.toMap(Host::id, Host::name, (a, b) -> a));
        writer.insert(List.of(new VmInventoryWriter.Entry(vm, meta)), hostNames, clock.instant());
    }

    /**
     * The target's VM networks for the source's adapters, by name (the tenant's network of the same
     * name on the target stamp, its own role's first), as far as every adapter has one.
     */
    private List<VmMetadata.NicNetwork> networks(UUID sourceVmId, UUID targetStamp, UUID targetRole) {
        return jdbi.withHandle(h -> {
            List<String> names = h.createQuery("SELECT vm_network_name FROM vmm_nic WHERE vm_id = :vm ORDER BY slot")
                    .bind("vm", sourceVmId).map((rs, ctx) -> rs.getString(1)).list();
            List<VmMetadata.NicNetwork> out = new ArrayList<>();
            for (String name : names) {
                Optional<VmMetadata.NicNetwork> net = name == null ? Optional.empty()
                        : h.createQuery("SELECT id, name FROM vmm_vm_network WHERE stamp_id = :stamp AND name = :name"
                                        + " ORDER BY CASE WHEN owner_role_id = :role THEN 0 ELSE 1 END, id")
                                .bind("stamp", targetStamp).bind("name", name).bind("role", targetRole)
                                .map((rs, ctx) -> new VmMetadata.NicNetwork(rs.getObject(1, UUID.class), rs.getString(2)))
                                .findFirst();
                if (net.isEmpty()) {
                    break;
                }
                out.add(net.get());
            }
            return out;
        });
    }

    private static String nz(String s, String dflt) {
        return s == null ? dflt : s;
    }
}
