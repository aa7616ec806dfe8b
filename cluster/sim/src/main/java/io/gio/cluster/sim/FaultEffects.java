package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FaultKind;
import io.gio.cluster.spi.PowerState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * What a fault breaks at the instant it is injected, in the injecting transaction (what it keeps
 * from happening later is {@link FaultRules}'). Work that was due by then is settled first, as
 * having ended before the fault.
 * <ul>
 * <li>LINK_DOWN: transfers still copying over the link fail with FABRIC_FAILURE, keeping what they
 * had copied (one that has copied everything and only converts or merges on the target goes on);</li>
 * <li>VOLUME_FULL: running transfers to the volume fail with CAPACITY;</li>
 * <li>HOST_CRASH: the host's VMs stop at once: their running operations fail with FABRIC_FAILURE
 * (a VM being created or imported ends CREATION_FAILED, a SAVED one stays SAVED, any other ends
 * STOPPED), RUNNING and PAUSED VMs become STOPPED (their memory is lost), and LIVE transfers of its
 * VMs fail; other transfers read the VMs' disks from shared storage and go on;</li>
 * <li>BOOT_FAILURE: nothing at once.</li>
 * </ul>
 */
final class FaultEffects {

    private final Operations operations;
    private final VmRepository vms;
    private final Deltas deltas;
    private final TransferRepository transfers;

    FaultEffects(Operations operations, VmRepository vms, Deltas deltas, TransferRepository transfers) {
        this.operations = operations;
        this.vms = vms;
        this.deltas = deltas;
        this.transfers = transfers;
    }

    void inject(Handle h, FaultKind kind, UUID targetId, String target, Instant now) {
        switch (kind) {
            case LINK_DOWN -> transfers.runningOverLink(h, targetId, now).stream()
                    .filter(t -> t.isCopying(now))
                    .forEach(t -> transfers.fail(h, t, now, new ClusterException(ClusterErrorCode.FABRIC_FAILURE,
                            "link '" + target + "' went down at " + now + " while transfer " + t.id() + " copied")));
            case VOLUME_FULL -> transfers.runningToVolume(h, targetId, now)
                    .forEach(t -> transfers.fail(h, t, now, new ClusterException(ClusterErrorCode.CAPACITY,
                            "volume " + target + " ran full at " + now + " while transfer " + t.id() + " wrote")));
            case HOST_CRASH -> crash(h, targetId, target, now);
            case BOOT_FAILURE -> { }
        }
    }

    private void crash(Handle h, UUID hostId, String host, Instant now) {
        ClusterException error = new ClusterException(ClusterErrorCode.FABRIC_FAILURE,
                "host " + host + " crashed at " + now);
        transfers.runningLiveOnHost(h, hostId, now).forEach(t -> transfers.fail(h, t, now, error));
        List<UUID> affected = h.createQuery("SELECT id FROM sim_vm WHERE host_id = :host"
                        + " AND (running_operation_id IS NOT NULL OR state IN ('RUNNING', 'PAUSED')) ORDER BY id")
                .bind("host", hostId).mapTo(UUID.class).list();
        for (UUID id : affected) {
            Optional<VmRow> vm = vms.find(h, id).flatMap(v -> operations.settleVm(h, v, now));
            if (vm.isEmpty()) {
                continue;
            }
            vm.get().runningOperation().flatMap(opId -> operations.find(h, opId)).ifPresent(op -> {
                PowerState state = vms.find(h, op.vmId()).map(VmRow::state).orElse(PowerState.STOPPED);
                operations.fail(h, op, now, new OperationFailure(error, afterCrash(state)));
            });
            vms.find(h, id).filter(v -> v.runningOperation().isEmpty() && afterCrash(v.state()) != v.state())
                    .ifPresent(v -> {
                        deltas.settle(h, id, now);
                        h.createUpdate("UPDATE sim_vm SET state = :state WHERE id = :id AND running_operation_id IS NULL")
                                .bind("state", afterCrash(v.state()).name()).bind("id", id).execute();
                    });
        }
    }

    /** Where a crash leaves a VM that was in {@code state}. */
    static PowerState afterCrash(PowerState state) {
        return switch (state) {
            case CREATING, CREATION_FAILED -> PowerState.CREATION_FAILED;
            case SAVED -> PowerState.SAVED;
            default -> PowerState.STOPPED;
        };
    }
}
