-- GIO extensions beyond SPF: the stamps' QoS capabilities, QoS settings of adapters and disks,
-- and VM backups. Portable SQL, one change per statement.

ALTER TABLE vmm_stamp ADD COLUMN network_qos BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE vmm_stamp ADD COLUMN storage_qos BOOLEAN DEFAULT FALSE NOT NULL;

-- Network QoS in Mbps as tenants set it (the fabric takes bits per second); NULL = no limit.
ALTER TABLE vmm_nic ADD COLUMN qos_max_mbps BIGINT;
ALTER TABLE vmm_nic ADD COLUMN qos_min_mbps BIGINT;

-- Storage QoS in normalized IOPS; NULL = no limit.
ALTER TABLE vmm_vhd ADD COLUMN qos_max_iops BIGINT;
ALTER TABLE vmm_vhd ADD COLUMN qos_min_iops BIGINT;

-- Backups go with their VM (the fabric deletes their data with it).
CREATE TABLE gio_backup (
    id                  UUID PRIMARY KEY,
    stamp_id            UUID NOT NULL,
    vm_id               UUID NOT NULL REFERENCES vmm_vm (id) ON DELETE CASCADE,
    vm_name             VARCHAR(256) NOT NULL,
    name                VARCHAR(256) NOT NULL,
    description         VARCHAR(1024),
    status              VARCHAR(32) NOT NULL,
    consistency         VARCHAR(32),
    size_bytes          BIGINT,
    retention_days      INT NOT NULL,
    created             TIMESTAMP WITH TIME ZONE NOT NULL,
    completed           TIMESTAMP WITH TIME ZONE,
    expires             TIMESTAMP WITH TIME ZONE,
    most_recent_task_id UUID
);
CREATE INDEX gio_backup_vm ON gio_backup (vm_id);
CREATE INDEX gio_backup_expires ON gio_backup (expires);
