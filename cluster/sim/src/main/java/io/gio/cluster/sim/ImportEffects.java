package io.gio.cluster.sim;

import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * sim_import, and what settling an IMPORT does besides leaving the new VM in its end state: after a
 * LIVE chain, the switch-over. The source VM, busy with the import while it runs, stops as of the
 * operation's end, the instant the new VM starts running, and the new VM's disks hold what the
 * source's held then (a live migration mirrors the writes made while it copies).
 */
final class ImportEffects {

    static final String IMPORT = "IMPORT";

    /** A row of sim_import. */
    record ImportRow(UUID operationId, UUID transferId, UUID sourceVmId, boolean live) {}

    private final Deltas deltas;
    private final GuestWrites writes;

    ImportEffects(Deltas deltas, GuestWrites writes) {
        this.deltas = deltas;
        this.writes = writes;
    }

    void insert(Handle h, ImportRow row) {
        h.createUpdate("INSERT INTO sim_import (operation_id, transfer_id, source_vm_id, live)"
                        + " VALUES (:op, :transfer, :source, :live)")
                .bind("op", row.operationId()).bind("transfer", row.transferId())
                .bind("source", row.sourceVmId()).bind("live", row.live()).execute();
    }

    Optional<ImportRow> find(Handle h, UUID operationId) {
        return h.createQuery("SELECT * FROM sim_import WHERE operation_id = :op").bind("op", operationId)
                .map((rs, ctx) -> new ImportRow(SimRows.uuid(rs, "operation_id"), SimRows.uuid(rs, "transfer_id"),
                        SimRows.uuid(rs, "source_vm_id"), rs.getBoolean("live")))
                .findOne();
    }

    /** The settle effect of IMPORT. */
    void switchOver(Handle h, OperationRow op) {
        Optional<ImportRow> row = find(h, op.id()).filter(ImportRow::live);
        if (row.isEmpty()) {
            return;
        }
        UUID source = row.get().sourceVmId();
        deltas.settle(h, source, op.ends());
        writes.setContent(h, op.vmId(), writes.digest(h, source, op.ends()), 0);
        h.createUpdate("UPDATE sim_vm SET state = 'STOPPED', running_operation_id = NULL"
                        + " WHERE id = :source AND running_operation_id = :op")
                .bind("source", source).bind("op", op.id()).execute();
    }
}
