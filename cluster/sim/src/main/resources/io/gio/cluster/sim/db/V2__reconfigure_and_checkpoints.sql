-- Dynamic memory, reconfiguration and checkpoints (Hyper-V snapshots). Portable SQL, one change
-- per statement (H2 and PostgreSQL differ in multi-column ALTER TABLE).

-- Dynamic memory: both bounds present when it is on, both NULL for static memory.
ALTER TABLE sim_vm ADD COLUMN dynamic_memory_min_mb INT;
ALTER TABLE sim_vm ADD COLUMN dynamic_memory_max_mb INT;

-- The checkpoint the VM's present state descends from, and the VM's own differencing disk on top
-- of it ("Now"): its size settled up to now_delta_at. It grows at the disks' dirty rate while the
-- VM is RUNNING; the first reader or writer after a change of state settles it.
ALTER TABLE sim_vm ADD COLUMN current_checkpoint_id UUID;
ALTER TABLE sim_vm ADD COLUMN now_delta_bytes BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE sim_vm ADD COLUMN now_delta_at TIMESTAMP WITH TIME ZONE;

-- The checkpoint an operation creates, restores or deletes.
ALTER TABLE sim_operation ADD COLUMN checkpoint_id UUID;
CREATE INDEX sim_operation_checkpoint ON sim_operation (checkpoint_id);

-- Values a RECONFIGURE operation applies when it is settled.
CREATE TABLE sim_reconfiguration (
    operation_id UUID NOT NULL PRIMARY KEY REFERENCES sim_operation (id),
    cpu_count INT NOT NULL,
    memory_mb INT NOT NULL,
    dynamic_memory_min_mb INT,
    dynamic_memory_max_mb INT
);

-- A checkpoint is written, captured, when its CHECKPOINT_CREATE starts, and is ready (listed,
-- current) once that operation is settled. parent_id has no foreign key: a VM's checkpoints are
-- deleted together, in no particular order. delta_bytes: the settled differencing disks started at
-- the checkpoint, without the VM's "Now".
-- Deltas are not counted in sim_volume.used_bytes, which reserves disks at their maximum size.
CREATE TABLE sim_checkpoint (
    id UUID NOT NULL PRIMARY KEY,
    vm_id UUID NOT NULL REFERENCES sim_vm (id),
    name VARCHAR(256) NOT NULL,
    parent_id UUID,
    created TIMESTAMP WITH TIME ZONE NOT NULL,
    captured_state VARCHAR(32) NOT NULL,
    cpu_count INT NOT NULL,
    memory_mb INT NOT NULL,
    dynamic_memory_min_mb INT,
    dynamic_memory_max_mb INT,
    delta_bytes BIGINT NOT NULL,
    ready BOOLEAN NOT NULL
);
CREATE INDEX sim_checkpoint_vm ON sim_checkpoint (vm_id, created);

-- Each disk's used bytes when the checkpoint was taken, restored with it.
CREATE TABLE sim_checkpoint_disk (
    checkpoint_id UUID NOT NULL REFERENCES sim_checkpoint (id),
    disk_id UUID NOT NULL REFERENCES sim_disk (id),
    used_bytes BIGINT NOT NULL,
    PRIMARY KEY (checkpoint_id, disk_id)
);
