-- The migration engine's state. Portable SQL (H2 and PostgreSQL); every table is prefixed mig_.
-- A row is written before each side effect it leads to (see MigrationEngine), so after a crash
-- the engine resumes every migration from its stored state and step. State, strategy and cut-over
-- mode are stored by their wire names (Scheduled, SmbTransfer, Confirm, ...), which the API shows.

CREATE TABLE mig_migration (
    id UUID NOT NULL PRIMARY KEY,
    vm_id UUID NOT NULL,
    vm_name VARCHAR(256) NOT NULL,
    source_stamp_id UUID NOT NULL,
    source_volume_id UUID NOT NULL,
    source_power_state VARCHAR(32) NOT NULL,
    target_stamp_id UUID NOT NULL,
    target_volume_id UUID NOT NULL,
    target_vm_id UUID NOT NULL,
    link_id UUID,
    strategy_requested VARCHAR(32) NOT NULL,
    strategy VARCHAR(32) NOT NULL,
    convert_to_vhdx BOOLEAN NOT NULL,
    target_cpu_count INT NOT NULL,
    target_memory_mb INT NOT NULL,
    target_networks VARCHAR(2000) NOT NULL,
    not_before TIMESTAMP WITH TIME ZONE NOT NULL,
    cutover_mode VARCHAR(16) NOT NULL,
    cutover_requested BOOLEAN NOT NULL,
    state VARCHAR(32) NOT NULL,
    step VARCHAR(32) NOT NULL,
    phase VARCHAR(400) NOT NULL,
    outcome VARCHAR(32),
    error VARCHAR(2000),
    progress INT NOT NULL,
    bytes_total BIGINT NOT NULL,
    bytes_transferred BIGINT NOT NULL,
    bytes_done BIGINT NOT NULL,
    transfer_seq INT NOT NULL,
    transfer_id UUID,
    transfer_kind VARCHAR(32),
    previous_transfer_id UUID,
    transfer_bytes BIGINT NOT NULL,
    transfer_converting BOOLEAN NOT NULL,
    last_transfer_bytes BIGINT NOT NULL,
    chain_digest VARCHAR(200),
    fabric_operation_id UUID,
    source_stopped_at TIMESTAMP WITH TIME ZONE,
    target_running_at TIMESTAMP WITH TIME ZONE,
    downtime_millis BIGINT,
    estimated_completion TIMESTAMP WITH TIME ZONE,
    attempts INT NOT NULL,
    retry_at TIMESTAMP WITH TIME ZONE,
    reserved_bytes BIGINT NOT NULL,
    reserved_memory_mb BIGINT NOT NULL,
    created TIMESTAMP WITH TIME ZONE NOT NULL,
    updated TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_at TIMESTAMP WITH TIME ZONE,
    ended_at TIMESTAMP WITH TIME ZONE,
    version BIGINT NOT NULL
);
CREATE INDEX mig_migration_state ON mig_migration (state);
CREATE INDEX mig_migration_vm ON mig_migration (vm_id);
CREATE INDEX mig_migration_target_vm ON mig_migration (target_vm_id);

CREATE TABLE mig_event (
    migration_id UUID NOT NULL,
    seq INT NOT NULL,
    at TIMESTAMP WITH TIME ZONE NOT NULL,
    state VARCHAR(32) NOT NULL,
    message VARCHAR(2000) NOT NULL,
    PRIMARY KEY (migration_id, seq)
);

CREATE TABLE mig_setting (
    name VARCHAR(200) NOT NULL PRIMARY KEY,
    setting_value VARCHAR(400) NOT NULL
);
