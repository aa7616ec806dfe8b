package io.gio.spf.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gio.spf.TestFabric;
import io.gio.spf.demo.DemoTenancy;
import io.gio.spf.query.EntityQuery;
import io.gio.spf.query.EntityRow;
import io.gio.spf.query.Scope;
import io.gio.spf.vm.CreateVmRequest;
import io.gio.spf.vm.VmProvisioning;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Predicate;

/** The demo world on a virtual clock, Alice's and Bob's scopes, and ways to make VMs and run migrations. */
final class MigrationFixture implements AutoCloseable {

    static final String ALICE = "alice@contoso.example";
    static final String BOB = "bob@fabrikam.example";

    final TestFabric fabric = new TestFabric(0);
    final Migrations migrations = fabric.adapter.migrations();
    final Scope aliceV1 = scope("Contoso", false);
    final Scope aliceV2 = scope("Contoso", true);
    final Scope bobV1 = scope("Fabrikam", false);

    Scope scope(String tenant, boolean v2) {
        return Scope.of(fabric.adapter.subscriptions().get(DemoTenancy.subscriptionId(tenant, v2)));
    }

    UUID cloud(Scope s) {
        return s.binding().orElseThrow().cloudId();
    }

    UUID stamp(Scope s) {
        return s.binding().orElseThrow().stampId();
    }

    /** A new CentOS VM in the scope's cloud, built and in the given power state (running or stopped). */
    EntityRow vm(Scope s, String name, boolean running) {
        UUID stamp = stamp(s);
        UUID template = (UUID) fabric.rows("VMTemplates", "Name", "CentOS Linux 7 (64 bit)").stream()
                .filter(t -> t.get("StampId").equals(stamp)).findFirst().orElseThrow().get("ID");
        VmProvisioning.Created c = fabric.adapter.vmProvisioning().create(new CreateVmRequest(stamp, cloud(s), name,
                Optional.empty(), Optional.empty(), Optional.of(template), Optional.empty(), Optional.empty(),
                OptionalInt.empty(), OptionalInt.empty(),
                List.of(new CreateVmRequest.NetworkRef(Optional.empty(), Optional.of("Contoso Network"))), running),
                s.binding().orElseThrow().accountName());
        for (int i = 0; i < 200 && !Boolean.TRUE.equals(job(c.jobId()).get("IsCompleted")); i++) {
            fabric.clock.advance(Duration.ofSeconds(30));
            fabric.adapter.jobRunner().tick();
        }
        assertEquals("Completed", job(c.jobId()).get("Status"));
        return fabric.row("VirtualMachines", "ID", c.vmId());
    }

    EntityRow job(UUID id) {
        return fabric.row("Jobs", "ID", id);
    }

    /** The migration as a scope reads it from {@code Migrations}; empty when it does not see it. */
    Optional<EntityRow> read(Scope s, UUID id, UUID stamp) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("ID", id);
        key.put("StampId", stamp);
        return fabric.adapter.reader(s).one(EntityQuery.byKey("Migrations", key));
    }

    EntityRow read(Migrations.Scheduled m) {
        return read(Scope.unrestricted(), m.migrationId(), m.stampId()).orElseThrow();
    }

    /** Advances the clock and runs the passes until the migration's state is one of those given. */
    EntityRow runUntil(Migrations.Scheduled m, Predicate<String> state) {
        EntityRow row = read(m);
        for (int i = 0; i < 5_000 && !state.test((String) row.get("State")); i++) {
            fabric.clock.advance(Duration.ofSeconds(5));
            migrations.tick();
            fabric.adapter.jobRunner().tick();
            row = read(m);
        }
        return row;
    }

    @Override
    public void close() {
        fabric.close();
    }
}
