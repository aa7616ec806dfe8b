package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.TransferKind;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * What running transfers forbid on their source VM, an {@link OperationStarts.Guard}: while a FULL
 * transfer runs, the VM is being exported and must stay stopped, so starting it is refused with
 * INVALID_STATE, as Hyper-V refuses to start a VM it exports; deleting the source of any running
 * transfer is refused likewise (its files are open).
 */
final class TransferGuard {

    private final TransferRepository transfers;

    TransferGuard(TransferRepository transfers) {
        this.transfers = transfers;
    }

    /** Refuses to start a VM a FULL transfer exports, and to delete the source of a running transfer. */
    void check(Handle h, VmRow vm, PowerTransitions.Transition transition, Instant now) {
        boolean start = transition.kind().equals("START");
        boolean delete = transition.kind().equals(PowerTransitions.DELETE.kind());
        if (!start && !delete) {
            return;
        }
        List<TransferRow> running = transfers.runningOf(h, vm.id(), now).stream()
                .filter(t -> delete || t.kind() == TransferKind.FULL).toList();
        if (!running.isEmpty()) {
            TransferRow t = running.get(0);
            throw new ClusterException(ClusterErrorCode.INVALID_STATE, "VM '" + vm.name() + "' is " + vm.state()
                    + " and the source of " + t.kind() + " transfer " + t.id() + " until " + t.ends()
                    + (start ? "; it must stay stopped while it is exported" : "; wait until it ends or discard it"));
        }
    }
}
