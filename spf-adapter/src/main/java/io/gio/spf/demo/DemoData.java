package io.gio.spf.demo;

import static io.gio.spf.store.SpfStore.utc;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.DiskSpec;
import io.gio.cluster.spi.FabricNetwork;
import io.gio.cluster.spi.FabricSeeding;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.Host;
import io.gio.cluster.spi.NicSpec;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.Stamp;
import io.gio.cluster.spi.VmSpec;
import io.gio.cluster.spi.Volume;
import io.gio.spf.accounts.Accounts;
import io.gio.spf.accounts.Principal;
import io.gio.spf.inventory.VmInventoryWriter;
import io.gio.spf.inventory.VmMetadata;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The demo world on a simulated fabric: templates and sizes on both stamps, two tenants
 * (Contoso, Fabrikam) each with a user, a cloud on GIO-V1 with a VM network and VMs in mixed
 * power states, and an empty cloud with a VM network on GIO-V2 (where their VMs move to); plus
 * any number of extra VMs for scale work; and the WAP model over it ({@link DemoTenancy}: plans,
 * add-ons, a linked V1 and V2 subscription per tenant). Seeded once per data directory; what a
 * later version adds (the GIO-V2 clouds, the WAP model) and extra VMs are topped up.
 */
public final class DemoData {

    public static final String OLD_STAMP = "GIO-V1";
    public static final String NEW_STAMP = "GIO-V2";
    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;
    private static final String SEEDED = "demo.seeded";
    private static final String EXTRA = "demo.extra-vms";
    private static final String NEW_GENERATION_CLOUDS = "demo.v2-clouds";
    private static final String TENANCY = "demo.tenancy";

    private final Jdbi jdbi;
    private final ClusterDriver driver;
    private final Accounts accounts;
    private final VmInventoryWriter writer;
    private final Clock clock;
    private final DemoTenancy tenancy;

    public DemoData(Jdbi jdbi, ClusterDriver driver, Accounts accounts, VmInventoryWriter writer, Clock clock,
            DemoTenancy tenancy) {
        this.jdbi = jdbi;
        this.driver = driver;
        this.accounts = accounts;
        this.writer = writer;
        this.clock = clock;
        this.tenancy = tenancy;
    }

    /**
     * Seeds the demo unless it is there, then tops extra VMs up to {@code extraVms}. Returns the
     * tenants' password when it was generated here (to be printed once).
     */
    public Optional<String> seed(Optional<String> tenantPassword, int extraVms) {
        FabricSeeding seeding = driver.seeding().orElseThrow(() -> new ClusterException(ClusterErrorCode.UNSUPPORTED,
                "The demo needs a simulated fabric; the '" + driver.name() + "' driver cannot seed VMs."));
        Optional<String> generated = Optional.empty();
        if (setting(SEEDED).isEmpty()) {
            Stamp old = stamp(OLD_STAMP);
            String password = tenantPassword.orElseGet(Accounts::generatePassword);
            generated = tenantPassword.isPresent() ? Optional.empty() : Optional.of(password);
            jdbi.useTransaction(h -> {
                for (Stamp s : driver.stamps()) {
                    DemoCatalog.insert(h, s, clock.instant());
                }
            });
            for (DemoTenant t : DemoTenant.ALL) {
                TenantPlace place = createTenant(t, old, password);
                List<DemoVm> vms = t.vms();
                seedVms(seeding, old, place, vms, 0);
            }
            saveSetting(SEEDED, "true");
        }
        if (setting(NEW_GENERATION_CLOUDS).isEmpty()) {
            Stamp target = stamp(NEW_STAMP);
            for (DemoTenant t : DemoTenant.ALL) {
                createCloud(t, target, newGenerationPlace(t, target));
            }
            saveSetting(NEW_GENERATION_CLOUDS, "true");
        }
        if (setting(TENANCY).isEmpty()) {
            tenancy.seed(stamp(OLD_STAMP), stamp(NEW_STAMP));
            saveSetting(TENANCY, "true");
        }
        int have = setting(EXTRA).map(Integer::parseInt).orElse(0);
        if (extraVms > have) {
            addExtraVms(seeding, have, extraVms);
            saveSetting(EXTRA, Integer.toString(extraVms));
        }
        return generated;
    }

    /** Where a tenant's VMs go. */
    record TenantPlace(String user, UUID roleId, String roleName, UUID cloudId, String cloudName, UUID vmNetworkId,
            String vmNetworkName, UUID logicalNetworkId) {}

    private TenantPlace createTenant(DemoTenant t, Stamp stamp, String password) {
        UUID tenantId = DemoCatalog.id("tenant", t.name());
        TenantPlace p = place(t, stamp);
        jdbi.useTransaction(h -> h.createUpdate("INSERT INTO gio_tenant (id, name, created) VALUES (:id, :name, :now)")
                .bind("id", tenantId).bind("name", t.name()).bind("now", utc(clock.instant())).execute());
        createCloud(t, stamp, p);
        accounts.create(t.user(), password, Principal.Role.TENANT, Optional.of(tenantId));
        return p;
    }

    /** A tenant's user role, cloud and isolated VM network on a stamp. */
    private void createCloud(DemoTenant t, Stamp stamp, TenantPlace p) {
        UUID tenantId = DemoCatalog.id("tenant", t.name());
        jdbi.useTransaction(h -> {
            var now = utc(clock.instant());
            h.createUpdate("INSERT INTO vmm_user_role (id, stamp_id, name, tenant_id, profile)"
                            + " VALUES (:id, :stamp, :name, :tenant, 'TenantAdmin')")
                    .bind("id", p.roleId()).bind("stamp", stamp.id()).bind("name", p.roleName()).bind("tenant", tenantId)
                    .execute();
            h.createUpdate("INSERT INTO vmm_cloud (id, stamp_id, name, description, user_role_id, modified)"
                            + " VALUES (:id, :stamp, :name, :desc, :role, :now)")
                    .bind("id", p.cloudId()).bind("stamp", stamp.id()).bind("name", p.cloudName())
                    .bind("desc", t.name() + "'s cloud on " + stamp.name()).bind("role", p.roleId()).bind("now", now)
                    .execute();
            h.createUpdate("INSERT INTO vmm_vm_network (id, stamp_id, name, description, logical_network_id,"
                            + " isolation_type, owner_user, owner_role, owner_role_id, added, modified)"
                            + " VALUES (:id, :stamp, :name, :desc, :ln, 'WindowsNetworkVirtualization', :ou, :or, :orid,"
                            + " :now, :now)")
                    .bind("id", p.vmNetworkId()).bind("stamp", stamp.id()).bind("name", p.vmNetworkName())
                    .bind("desc", t.name() + "'s isolated network on " + stamp.name()).bind("ln", p.logicalNetworkId())
                    .bind("ou", t.user()).bind("or", p.roleName()).bind("orid", p.roleId()).bind("now", now).execute();
        });
    }

    private void seedVms(FabricSeeding seeding, Stamp stamp, TenantPlace place, List<DemoVm> vms, int offset) {
        List<Host> hosts = driver.hosts(stamp.id());
        List<Volume> volumes = driver.volumes(stamp.id());
        DiskFormat format = stamp.generation().diskFormats().contains(DiskFormat.VHDX) ? DiskFormat.VHDX : DiskFormat.VHD;
        List<FabricSeeding.SeededVm> seeded = new ArrayList<>();
        Map<UUID, VmMetadata> meta = new HashMap<>();
        for (int i = 0; i < vms.size(); i++) {
            DemoVm v = vms.get(i);
            int n = offset + i;
            UUID vmId = DemoCatalog.id(stamp.name(), "vm", v.name());
            Volume volume = volumes.get(Math.floorMod(vmId.hashCode(), volumes.size()));
            List<DiskSpec> disks = new ArrayList<>();
            for (int d = 0; d < v.diskGiB().length; d++) {
                disks.add(new DiskSpec(DemoCatalog.id(stamp.name(), "disk", v.name(), Integer.toString(d)),
                        d == 0 ? v.name() + "_os" : v.name() + "_data" + d, format, v.diskGiB()[d] * GIB,
                        v.usedGiB()[d] * GIB, v.dirtyMiBPerSecond() * MIB / v.diskGiB().length,
                        Optional.of(volume.id()), d == 0));
            }
            VmSpec spec = new VmSpec(vmId, stamp.id(), v.name(), v.cpu(), v.memoryMb(), disks,
                    List.of(new NicSpec(DemoCatalog.id(stamp.name(), "nic", v.name()), place.logicalNetworkId())), false);
            seeded.add(new FabricSeeding.SeededVm(spec, hosts.get(n % hosts.size()).id(), v.state()));
            DemoCatalog.Template t = DemoCatalog.template(v.template());
            meta.put(vmId, new VmMetadata(place.cloudId(), place.user(), place.roleName(), place.roleId(),
                    Optional.of(DemoCatalog.templateId(stamp, t.key())), Optional.empty(), t.osName(), t.osType(),
                    t.osVersion(), v.name(), "", t.key().equals("ws2008r2") || format == DiskFormat.VHD ? 1 : 2,
                    List.of(new VmMetadata.NicNetwork(place.vmNetworkId(), place.vmNetworkName()))));
        }
        List<FabricVm> created = seeding.seedVms(seeded);
        Map<UUID, String> hostNames = new HashMap<>();
        hosts.forEach(h -> hostNames.put(h.id(), h.name()));
        List<VmInventoryWriter.Entry> entries = new ArrayList<>();
        for (FabricVm vm : created) {
            entries.add(new VmInventoryWriter.Entry(vm, meta.get(vm.id())));
        }
        writer.insert(entries, hostNames, clock.instant());
    }

    private void addExtraVms(FabricSeeding seeding, int from, int to) {
        Stamp stamp = stamp(OLD_STAMP);
        PowerState[] states = {PowerState.RUNNING, PowerState.STOPPED, PowerState.RUNNING, PowerState.PAUSED,
                PowerState.RUNNING, PowerState.SAVED};
        String[] templates = {"ws2012r2", "ws2008r2", "centos7"};
        int chunk = 5_000;
        for (int start = from; start < to; start += chunk) {
            int end = Math.min(to, start + chunk);
            for (DemoTenant t : DemoTenant.ALL) {
                TenantPlace place = place(t, stamp);
                List<DemoVm> vms = new ArrayList<>();
                int tenantIndex = DemoTenant.ALL.indexOf(t);
                for (int i = start; i < end; i++) {
                    if (i % DemoTenant.ALL.size() != tenantIndex) {
                        continue;
                    }
                    int cpu = 1 << (i % 3);
                    vms.add(DemoVm.of(String.format("%s-vm-%06d", t.prefix(), i + 1), states[i % states.length], cpu,
                            cpu * 2048, templates[i % templates.length], 40, 8 + i % 20, 1 + i % 5));
                }
                seedVms(seeding, stamp, place, vms, start);
            }
        }
    }

    private TenantPlace place(DemoTenant t, Stamp stamp) {
        UUID roleId = DemoCatalog.id("role", t.name());
        return new TenantPlace(t.user(), roleId, t.user() + "_" + roleId, DemoCatalog.id("cloud", t.name()),
                t.name() + " Cloud", DemoCatalog.id("vmnetwork", t.name()), t.name() + " Network",
                tenantNetwork(stamp));
    }

    /** The tenant's place on the new generation, where its VMs move to (empty until they do). */
    private TenantPlace newGenerationPlace(DemoTenant t, Stamp stamp) {
        UUID roleId = DemoCatalog.id("role-v2", t.name());
        return new TenantPlace(t.user(), roleId, t.user() + "_" + roleId, DemoCatalog.id("cloud-v2", t.name()),
                t.name() + " Cloud V2", DemoCatalog.id("vmnetwork-v2", t.name()), t.name() + " Network",
                tenantNetwork(stamp));
    }

    private UUID tenantNetwork(Stamp stamp) {
        return driver.networks(stamp.id()).stream().filter(FabricNetwork::networkVirtualization).findFirst()
                .orElseThrow().id();
    }

    private Stamp stamp(String name) {
        return driver.stamps().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new ClusterException(ClusterErrorCode.NOT_FOUND,
                        "The demo needs stamp " + name + " on the fabric (start the simulated fabric with its demo topology)."));
    }

    private Optional<String> setting(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT setting_value FROM gio_setting WHERE name = :n").bind("n", name)
                .mapTo(String.class).findOne());
    }

    private void saveSetting(String name, String value) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM gio_setting WHERE name = :n").bind("n", name).execute();
            h.createUpdate("INSERT INTO gio_setting (name, setting_value) VALUES (:n, :v)").bind("n", name).bind("v", value)
                    .execute();
        });
    }
}
