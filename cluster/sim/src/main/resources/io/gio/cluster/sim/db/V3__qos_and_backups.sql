-- Network and storage QoS, and full backups of VMs' disks. Portable SQL, one change per statement
-- (H2 and PostgreSQL differ in multi-column ALTER TABLE).

-- Bandwidth limits of a virtual network adapter (Hyper-V absolute mode), in bits per second;
-- NULL means no limit or no reservation.
ALTER TABLE sim_nic ADD COLUMN qos_max_bits_per_second BIGINT;
ALTER TABLE sim_nic ADD COLUMN qos_min_bits_per_second BIGINT;

-- IOPS limits of a virtual disk (normalized 8 KB IOPS); NULL means no limit or no reservation.
ALTER TABLE sim_disk ADD COLUMN qos_max_iops BIGINT;
ALTER TABLE sim_disk ADD COLUMN qos_min_iops BIGINT;

-- The backup an operation creates or restores.
ALTER TABLE sim_operation ADD COLUMN backup_id UUID;
CREATE INDEX sim_operation_backup ON sim_operation (backup_id);

-- A backup is written when its BACKUP_CREATE starts (state COPYING, completed NULL) and is READY
-- (listed, restorable) once that operation is settled, completed being the operation's end.
-- size_bytes: the sum of the VM's disks' used bytes when the copy started.
-- consistency: CRASH_CONSISTENT or CONSISTENT. Backups go with their VM when it is deleted.
CREATE TABLE sim_backup (
    id UUID NOT NULL PRIMARY KEY,
    vm_id UUID NOT NULL REFERENCES sim_vm (id),
    size_bytes BIGINT NOT NULL,
    started TIMESTAMP WITH TIME ZONE NOT NULL,
    completed TIMESTAMP WITH TIME ZONE,
    consistency VARCHAR(32) NOT NULL,
    state VARCHAR(16) NOT NULL
);
CREATE INDEX sim_backup_vm ON sim_backup (vm_id, started);

-- Each disk's used bytes when the backup was taken, restored with it.
CREATE TABLE sim_backup_disk (
    backup_id UUID NOT NULL REFERENCES sim_backup (id),
    disk_id UUID NOT NULL REFERENCES sim_disk (id),
    used_bytes BIGINT NOT NULL,
    PRIMARY KEY (backup_id, disk_id)
);
