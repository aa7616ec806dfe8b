package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * sim_operation, and the lazy settlement of operations: nothing runs in the background; the
 * first reader at or after an operation's end finalizes it and applies its effect on the VM, in
 * its transaction. The conditional update makes exactly one of several concurrent readers
 * (in this or another gateway replica) apply the effect. Effects happen as of the operation's end,
 * however late the reader comes.
 *
 * <p>An operation fails instead when the failure rule says so as of its end (a boot failure in
 * force when a start ends), or when a fault fails it while it runs (a host crash): it ends FAILED
 * with its error, its effect is not applied (what it reserved is given back), and its VM is left
 * in the failure's state.
 */
final class Operations {

    private final VmRepository vms;
    private final Deltas deltas;
    private final Map<String, SettleEffect> effects;
    private final Map<String, SettleEffect> undo;
    private final OperationFailure.Rule failures;

    /**
     * @param effects what settling does besides setting the VM's end state, by operation kind
     * @param undo what failing gives back of what starting reserved, by operation kind
     * @param failures which due operations fail instead of succeeding
     */
    Operations(VmRepository vms, Deltas deltas, Map<String, SettleEffect> effects, Map<String, SettleEffect> undo,
            OperationFailure.Rule failures) {
        this.vms = vms;
        this.deltas = deltas;
        this.effects = Map.copyOf(effects);
        this.undo = Map.copyOf(undo);
        this.failures = failures;
    }

    Optional<OperationRow> find(Handle h, UUID operationId) {
        return h.createQuery("SELECT * FROM sim_operation WHERE id = :id")
                .bind("id", operationId).map(SimRows.OPERATION).findOne();
    }

    OperationRow require(Handle h, UUID operationId) {
        return find(h, operationId).orElseThrow(() -> new ClusterException(ClusterErrorCode.NOT_FOUND,
                "operation " + operationId + " does not exist"));
    }

    /** The latest operation of a kind on a VM. */
    Optional<OperationRow> latest(Handle h, UUID vmId, String kind) {
        return h.createQuery("SELECT * FROM sim_operation WHERE vm_id = :vm AND kind = :kind ORDER BY started DESC")
                .bind("vm", vmId).bind("kind", kind).map(SimRows.OPERATION).findFirst();
    }

    /** The first operation of a kind on a checkpoint. */
    Optional<OperationRow> byCheckpoint(Handle h, UUID checkpointId, String kind) {
        return h.createQuery("SELECT * FROM sim_operation WHERE checkpoint_id = :cp AND kind = :kind ORDER BY started")
                .bind("cp", checkpointId).bind("kind", kind).map(SimRows.OPERATION).findFirst();
    }

    /** The first operation of a kind on a backup. */
    Optional<OperationRow> byBackup(Handle h, UUID backupId, String kind) {
        return h.createQuery("SELECT * FROM sim_operation WHERE backup_id = :backup AND kind = :kind ORDER BY started")
                .bind("backup", backupId).bind("kind", kind).map(SimRows.OPERATION).findFirst();
    }

    void insert(Handle h, OperationRow op) {
        h.createUpdate("INSERT INTO sim_operation (id, vm_id, kind, state, end_vm_state, started, ends, checkpoint_id,"
                        + " backup_id) VALUES (:id, :vm, :kind, :state, :end, :started, :ends, :checkpoint, :backup)")
                .bind("id", op.id()).bind("vm", op.vmId()).bind("kind", op.kind()).bind("state", op.state().name())
                .bind("end", op.endVmState().map(Enum::name).orElse(null))
                .bind("started", SimRows.timestamp(op.started())).bind("ends", SimRows.timestamp(op.ends()))
                .bindByType("checkpoint", op.checkpointId().orElse(null), UUID.class)
                .bindByType("backup", op.backupId().orElse(null), UUID.class)
                .execute();
    }

    /** Finalizes the operation if it is due, and returns it as it is now. Call in a transaction. */
    OperationRow settle(Handle h, OperationRow op, Instant now) {
        if (!op.isDue(now)) {
            return op;
        }
        Optional<OperationFailure> failure = failures.judge(h, op);
        if (failure.isPresent()) {
            fail(h, op, op.ends(), failure.get());
            return require(h, op.id());
        }
        int won = h.createUpdate("UPDATE sim_operation SET state = 'SUCCEEDED', ended = :ended"
                        + " WHERE id = :id AND state = 'RUNNING'")
                .bind("ended", SimRows.timestamp(op.ends())).bind("id", op.id()).execute();
        if (won == 1) {
            apply(h, op);
        }
        return require(h, op.id());
    }

    /** The VM after settling its running operation if that is due; empty once deleted. */
    Optional<VmRow> settleVm(Handle h, VmRow vm, Instant now) {
        Optional<OperationRow> running = vm.runningOperation().flatMap(id -> find(h, id));
        if (running.isEmpty() || !running.get().isDue(now)) {
            return Optional.of(vm);
        }
        settle(h, running.get(), now);
        return vms.find(h, vm.id());
    }

    /**
     * Ends a running operation FAILED at {@code at}: what it reserved is given back, its VM is left
     * in the failure's state, and any other VM it kept busy (the source of a live switch-over) is
     * freed. False when it had ended already.
     */
    boolean fail(Handle h, OperationRow op, Instant at, OperationFailure failure) {
        int won = h.createUpdate("UPDATE sim_operation SET state = 'FAILED', ended = :ended, error_code = :code,"
                        + " error_message = :message WHERE id = :id AND state = 'RUNNING'")
                .bind("ended", SimRows.timestamp(at)).bind("code", failure.error().code().name())
                .bind("message", failure.error().getMessage()).bind("id", op.id()).execute();
        if (won != 1) {
            return false;
        }
        undo.getOrDefault(op.kind(), SettleEffect.NONE).apply(h, op);
        if (vms.find(h, op.vmId()).filter(v -> v.runningOperation().equals(Optional.of(op.id()))).isPresent()) {
            deltas.settle(h, op.vmId(), at);
            h.createUpdate("UPDATE sim_vm SET state = :state, running_operation_id = NULL WHERE id = :vm")
                    .bind("state", failure.vmState().name()).bind("vm", op.vmId()).execute();
        }
        h.createUpdate("UPDATE sim_vm SET running_operation_id = NULL WHERE running_operation_id = :op")
                .bind("op", op.id()).execute();
        return true;
    }

    private void apply(Handle h, OperationRow op) {
        Optional<VmRow> vm = vms.find(h, op.vmId()).filter(v -> v.runningOperation().equals(Optional.of(op.id())));
        if (vm.isEmpty()) {
            return;
        }
        if (op.endVmState().isEmpty()) {
            vms.delete(h, vm.get());
            return;
        }
        effects.getOrDefault(op.kind(), SettleEffect.NONE).apply(h, op);
        deltas.settle(h, op.vmId(), op.ends());
        h.createUpdate("UPDATE sim_vm SET state = :state, running_operation_id = NULL"
                        + " WHERE id = :vm AND running_operation_id = :op")
                .bind("state", op.endVmState().get().name()).bind("vm", op.vmId()).bind("op", op.id())
                .execute();
    }
}
