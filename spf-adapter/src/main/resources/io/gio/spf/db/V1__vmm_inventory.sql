-- The VMM view of the fabric: what SPF serves. Portable SQL (H2 embedded, PostgreSQL in production).

CREATE TABLE vmm_stamp (
    id            UUID PRIMARY KEY,
    name          VARCHAR(256) NOT NULL UNIQUE,
    generation    VARCHAR(32)  NOT NULL,
    hypervisor    VARCHAR(128) NOT NULL,
    max_cpu       INT          NOT NULL,
    max_memory_mb INT          NOT NULL,
    disk_formats  VARCHAR(64)  NOT NULL
);

CREATE TABLE gio_tenant (
    id         UUID PRIMARY KEY,
    name       VARCHAR(256) NOT NULL UNIQUE,
    created    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE gio_account (
    name          VARCHAR(256) PRIMARY KEY,
    password_hash VARCHAR(512) NOT NULL,
    role          VARCHAR(16)  NOT NULL,
    tenant_id     UUID REFERENCES gio_tenant (id),
    created       TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE gio_setting (
    name  VARCHAR(128) PRIMARY KEY,
    setting_value VARCHAR(4000) NOT NULL
);

CREATE TABLE vmm_user_role (
    id         UUID PRIMARY KEY,
    stamp_id   UUID NOT NULL,
    name       VARCHAR(512) NOT NULL,
    tenant_id  UUID REFERENCES gio_tenant (id),
    profile    VARCHAR(32) NOT NULL
);

CREATE TABLE vmm_cloud (
    id           UUID PRIMARY KEY,
    stamp_id     UUID NOT NULL REFERENCES vmm_stamp (id),
    name         VARCHAR(256) NOT NULL,
    description  VARCHAR(1024),
    user_role_id UUID REFERENCES vmm_user_role (id),
    modified     TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE vmm_logical_network (
    id          UUID PRIMARY KEY,
    stamp_id    UUID NOT NULL REFERENCES vmm_stamp (id),
    name        VARCHAR(256) NOT NULL,
    description VARCHAR(1024),
    nv_enabled  BOOLEAN NOT NULL,
    subnet      VARCHAR(64) NOT NULL
);

CREATE TABLE vmm_vm_network (
    id                 UUID PRIMARY KEY,
    stamp_id           UUID NOT NULL REFERENCES vmm_stamp (id),
    name               VARCHAR(256) NOT NULL,
    description        VARCHAR(1024),
    logical_network_id UUID NOT NULL REFERENCES vmm_logical_network (id),
    isolation_type     VARCHAR(64) NOT NULL,
    owner_user         VARCHAR(256),
    owner_role         VARCHAR(512),
    owner_role_id      UUID,
    added              TIMESTAMP WITH TIME ZONE NOT NULL,
    modified           TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE vmm_hardware_profile (
    id           UUID PRIMARY KEY,
    stamp_id     UUID NOT NULL REFERENCES vmm_stamp (id),
    name         VARCHAR(256) NOT NULL,
    description  VARCHAR(1024),
    cpu_count    SMALLINT NOT NULL,
    memory_mb    INT NOT NULL,
    dyn_memory   BOOLEAN NOT NULL,
    dyn_min_mb   INT,
    dyn_max_mb   INT,
    vm_generation INT NOT NULL,
    added        TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE vmm_template (
    id              UUID PRIMARY KEY,
    stamp_id        UUID NOT NULL REFERENCES vmm_stamp (id),
    name            VARCHAR(256) NOT NULL,
    description     VARCHAR(1024),
    os_name         VARCHAR(256) NOT NULL,
    os_type         VARCHAR(32)  NOT NULL,
    os_version      VARCHAR(64)  NOT NULL,
    os_edition      VARCHAR(128),
    cpu_count       SMALLINT NOT NULL,
    memory_mb       INT NOT NULL,
    disk_format     VARCHAR(8) NOT NULL,
    disk_max_bytes  BIGINT NOT NULL,
    disk_used_bytes BIGINT NOT NULL,
    vm_generation   INT NOT NULL,
    nic_count       INT NOT NULL,
    added           TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE vmm_vm (
    id                  UUID PRIMARY KEY,
    stamp_id            UUID NOT NULL,
    cloud_id            UUID,
    name                VARCHAR(256) NOT NULL,
    computer_name       VARCHAR(256),
    description         VARCHAR(1024),
    status              VARCHAR(32) NOT NULL,
    vm_state            VARCHAR(32) NOT NULL,
    host_id             UUID,
    host_name           VARCHAR(256),
    cpu_count           SMALLINT NOT NULL,
    memory_mb           INT NOT NULL,
    dyn_memory          BOOLEAN NOT NULL,
    dyn_min_mb          INT,
    dyn_max_mb          INT,
    template_id         UUID,
    hardware_profile_id UUID,
    os_name             VARCHAR(256),
    os_type             VARCHAR(32),
    os_version          VARCHAR(64),
    vm_generation       INT NOT NULL,
    total_size          BIGINT NOT NULL,
    location            VARCHAR(1024),
    owner_user          VARCHAR(256),
    owner_role          VARCHAR(512),
    owner_role_id       UUID,
    most_recent_task_id UUID,
    failed_job_id       UUID,
    error_code          VARCHAR(64),
    error_message       VARCHAR(4000),
    added               TIMESTAMP WITH TIME ZONE NOT NULL,
    modified            TIMESTAMP WITH TIME ZONE NOT NULL
);
-- Pages are ordered by key: (column, id) indexes let the common filters walk an index in key
-- order and stop after one page. stamp_id and cloud_id carry no foreign key on purpose: H2 would
-- add a single-column index for it, prefer it, and then sort every row of a tenant's cloud to
-- serve one page. The adapter only writes VMs into clouds and stamps it has read.
CREATE INDEX vmm_vm_name ON vmm_vm (name);
CREATE INDEX vmm_vm_cloud_id ON vmm_vm (cloud_id, id);
CREATE INDEX vmm_vm_stamp_id ON vmm_vm (stamp_id, id);
CREATE INDEX vmm_vm_status_id ON vmm_vm (status, id);
CREATE INDEX vmm_vm_owner_id ON vmm_vm (owner_user, id);

CREATE TABLE vmm_vhd (
    id             UUID PRIMARY KEY,
    stamp_id       UUID NOT NULL REFERENCES vmm_stamp (id),
    vm_id          UUID REFERENCES vmm_vm (id) ON DELETE CASCADE,
    name           VARCHAR(256) NOT NULL,
    location       VARCHAR(1024) NOT NULL,
    directory      VARCHAR(1024) NOT NULL,
    vhd_type       VARCHAR(32) NOT NULL,
    format         VARCHAR(8) NOT NULL,
    size_bytes     BIGINT NOT NULL,
    max_bytes      BIGINT NOT NULL,
    host_volume_id UUID,
    os_name        VARCHAR(256),
    added          TIMESTAMP WITH TIME ZONE NOT NULL,
    modified       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX vmm_vhd_vm ON vmm_vhd (vm_id);

CREATE TABLE vmm_disk_drive (
    id       UUID PRIMARY KEY,
    stamp_id UUID NOT NULL,
    vm_id    UUID NOT NULL REFERENCES vmm_vm (id) ON DELETE CASCADE,
    vhd_id   UUID NOT NULL,
    bus_type VARCHAR(8) NOT NULL,
    bus      INT NOT NULL,
    lun      INT NOT NULL
);
CREATE INDEX vmm_disk_drive_vm ON vmm_disk_drive (vm_id);

CREATE TABLE vmm_dvd_drive (
    id       UUID PRIMARY KEY,
    stamp_id UUID NOT NULL,
    vm_id    UUID NOT NULL REFERENCES vmm_vm (id) ON DELETE CASCADE,
    bus_type VARCHAR(8) NOT NULL,
    bus      INT NOT NULL,
    lun      INT NOT NULL
);
CREATE INDEX vmm_dvd_drive_vm ON vmm_dvd_drive (vm_id);

CREATE TABLE vmm_scsi_adapter (
    id       UUID PRIMARY KEY,
    stamp_id UUID NOT NULL,
    vm_id    UUID NOT NULL REFERENCES vmm_vm (id) ON DELETE CASCADE,
    slot     INT NOT NULL
);
CREATE INDEX vmm_scsi_adapter_vm ON vmm_scsi_adapter (vm_id);

CREATE TABLE vmm_nic (
    id              UUID PRIMARY KEY,
    stamp_id        UUID NOT NULL,
    vm_id           UUID NOT NULL REFERENCES vmm_vm (id) ON DELETE CASCADE,
    name            VARCHAR(256) NOT NULL,
    mac_address     VARCHAR(32) NOT NULL,
    vm_network_id   UUID,
    vm_network_name VARCHAR(256),
    ipv4_addresses  VARCHAR(1024) NOT NULL,
    slot            INT NOT NULL
);
CREATE INDEX vmm_nic_vm ON vmm_nic (vm_id);

CREATE TABLE vmm_checkpoint (
    id          UUID PRIMARY KEY,
    stamp_id    UUID NOT NULL,
    vm_id       UUID NOT NULL REFERENCES vmm_vm (id) ON DELETE CASCADE,
    name        VARCHAR(256) NOT NULL,
    description VARCHAR(1024),
    parent_id   UUID,
    added       TIMESTAMP WITH TIME ZONE NOT NULL,
    modified    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX vmm_checkpoint_vm ON vmm_checkpoint (vm_id);

CREATE TABLE vmm_job (
    id                 UUID PRIMARY KEY,
    stamp_id           UUID NOT NULL,
    name               VARCHAR(256) NOT NULL,
    cmdlet_name        VARCHAR(128) NOT NULL,
    action             VARCHAR(32) NOT NULL,
    target_object_id   UUID,
    target_object_type VARCHAR(64),
    target_name        VARCHAR(256),
    status             VARCHAR(32) NOT NULL,
    progress_value     INT NOT NULL,
    is_completed       BOOLEAN NOT NULL,
    start_time         TIMESTAMP WITH TIME ZONE NOT NULL,
    end_time           TIMESTAMP WITH TIME ZONE,
    owner              VARCHAR(256),
    error_code         VARCHAR(64),
    error_message      VARCHAR(4000),
    fabric_op_id       UUID
);
CREATE INDEX vmm_job_open ON vmm_job (is_completed);
CREATE INDEX vmm_job_target ON vmm_job (target_object_id);
