-- Operations of the libvirt driver. libvirt's calls are synchronous while the SPI's operations are
-- polled by ID, so the driver runs each one on a worker thread and records it here: operation(id)
-- answers after a restart, and repeated calls with a caller-chosen ID find their operation.
-- A running operation's heartbeat is renewed while its gateway lives; one whose heartbeat is older
-- than the lease belonged to a gateway that died, and ends FAILED. Portable SQL (H2 and PostgreSQL).

CREATE TABLE lv_operation (
    id UUID NOT NULL PRIMARY KEY,
    vm_id UUID NOT NULL,
    kind VARCHAR(32) NOT NULL,
    -- the caller-chosen ID the operation is idempotent by (VM, checkpoint, adapter), else its own ID
    subject VARCHAR(80) NOT NULL,
    state VARCHAR(16) NOT NULL,
    progress INT NOT NULL,
    started_ms BIGINT NOT NULL,
    estimated_end_ms BIGINT NOT NULL,
    ended_ms BIGINT,
    heartbeat_ms BIGINT NOT NULL,
    error_code VARCHAR(32),
    error_message VARCHAR(4000)
);
CREATE INDEX lv_operation_subject ON lv_operation (subject, kind);
CREATE INDEX lv_operation_vm ON lv_operation (vm_id, kind);
CREATE INDEX lv_operation_state ON lv_operation (state, heartbeat_ms);
