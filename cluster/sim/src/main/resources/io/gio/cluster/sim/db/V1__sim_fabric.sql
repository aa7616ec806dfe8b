-- The simulated Hyper-V fabric. Portable SQL (H2 and PostgreSQL); every table is prefixed sim_.
-- Counters (sim_host.allocated_memory_mb, sim_volume.used_bytes, sim_network.ip_counter) are
-- kept in the same transactions that place or remove VMs, so readers never sum large tables.

CREATE TABLE sim_stamp (
    id UUID NOT NULL PRIMARY KEY,
    name VARCHAR(100) NOT NULL UNIQUE,
    generation_name VARCHAR(50) NOT NULL,
    hypervisor VARCHAR(200) NOT NULL,
    max_cpu_per_vm INT NOT NULL,
    max_memory_mb_per_vm INT NOT NULL,
    disk_formats VARCHAR(100) NOT NULL,
    network_qos BOOLEAN NOT NULL,
    storage_qos BOOLEAN NOT NULL,
    live_storage_migration BOOLEAN NOT NULL,
    shared_nothing_live_migration BOOLEAN NOT NULL,
    online_vhdx_resize BOOLEAN NOT NULL,
    online_export BOOLEAN NOT NULL
);

CREATE TABLE sim_host (
    id UUID NOT NULL PRIMARY KEY,
    stamp_id UUID NOT NULL REFERENCES sim_stamp (id),
    name VARCHAR(100) NOT NULL,
    cluster_name VARCHAR(100) NOT NULL,
    logical_processors INT NOT NULL,
    memory_mb BIGINT NOT NULL,
    allocated_memory_mb BIGINT NOT NULL,
    nic_bits_per_second BIGINT NOT NULL
);
CREATE INDEX sim_host_stamp ON sim_host (stamp_id);

CREATE TABLE sim_volume (
    id UUID NOT NULL PRIMARY KEY,
    stamp_id UUID NOT NULL REFERENCES sim_stamp (id),
    name VARCHAR(100) NOT NULL,
    kind VARCHAR(32) NOT NULL,
    path VARCHAR(400) NOT NULL,
    capacity_bytes BIGINT NOT NULL,
    used_bytes BIGINT NOT NULL,
    max_iops INT NOT NULL,
    throughput_bytes_per_second BIGINT NOT NULL
);
CREATE INDEX sim_volume_stamp ON sim_volume (stamp_id);

CREATE TABLE sim_network (
    id UUID NOT NULL PRIMARY KEY,
    stamp_id UUID NOT NULL REFERENCES sim_stamp (id),
    name VARCHAR(100) NOT NULL,
    network_virtualization BOOLEAN NOT NULL,
    subnet VARCHAR(50) NOT NULL,
    ip_counter BIGINT NOT NULL
);
CREATE INDEX sim_network_stamp ON sim_network (stamp_id);

CREATE TABLE sim_link (
    id UUID NOT NULL PRIMARY KEY,
    from_stamp_id UUID NOT NULL REFERENCES sim_stamp (id),
    to_stamp_id UUID NOT NULL REFERENCES sim_stamp (id),
    name VARCHAR(200) NOT NULL,
    bandwidth_bits_per_second BIGINT NOT NULL
);

CREATE TABLE sim_vm (
    id UUID NOT NULL PRIMARY KEY,
    stamp_id UUID NOT NULL REFERENCES sim_stamp (id),
    host_id UUID NOT NULL REFERENCES sim_host (id),
    name VARCHAR(256) NOT NULL,
    state VARCHAR(32) NOT NULL,
    cpu_count INT NOT NULL,
    memory_mb INT NOT NULL,
    running_operation_id UUID
);
CREATE INDEX sim_vm_host ON sim_vm (host_id);

CREATE TABLE sim_disk (
    id UUID NOT NULL PRIMARY KEY,
    vm_id UUID NOT NULL REFERENCES sim_vm (id),
    ordinal INT NOT NULL,
    name VARCHAR(256) NOT NULL,
    format VARCHAR(16) NOT NULL,
    path VARCHAR(1024) NOT NULL,
    volume_id UUID NOT NULL REFERENCES sim_volume (id),
    max_bytes BIGINT NOT NULL,
    used_bytes BIGINT NOT NULL,
    dirty_bytes_per_second BIGINT NOT NULL,
    boot BOOLEAN NOT NULL
);
CREATE INDEX sim_disk_vm ON sim_disk (vm_id);

CREATE TABLE sim_nic (
    id UUID NOT NULL PRIMARY KEY,
    vm_id UUID NOT NULL REFERENCES sim_vm (id),
    ordinal INT NOT NULL,
    network_id UUID NOT NULL REFERENCES sim_network (id),
    mac_address VARCHAR(17) NOT NULL,
    ipv4_address VARCHAR(15) NOT NULL
);
CREATE INDEX sim_nic_vm ON sim_nic (vm_id);

-- Operations outlive their VM (a finished DELETE stays readable), so vm_id has no foreign key.
CREATE TABLE sim_operation (
    id UUID NOT NULL PRIMARY KEY,
    vm_id UUID NOT NULL,
    kind VARCHAR(32) NOT NULL,
    state VARCHAR(16) NOT NULL,
    end_vm_state VARCHAR(32),
    started TIMESTAMP WITH TIME ZONE NOT NULL,
    ends TIMESTAMP WITH TIME ZONE NOT NULL,
    ended TIMESTAMP WITH TIME ZONE,
    error_code VARCHAR(32),
    error_message VARCHAR(1000)
);
CREATE INDEX sim_operation_vm ON sim_operation (vm_id, kind);
