-- Disks growing (DISK_EXPAND operations): the size a disk has once its operation is settled.
-- Portable SQL (H2 and PostgreSQL). Rows stay with their operation, which outlives the VM, so
-- disk_id has no foreign key.
CREATE TABLE sim_disk_expansion (
    operation_id UUID NOT NULL PRIMARY KEY REFERENCES sim_operation (id),
    disk_id UUID NOT NULL,
    max_bytes BIGINT NOT NULL
);
