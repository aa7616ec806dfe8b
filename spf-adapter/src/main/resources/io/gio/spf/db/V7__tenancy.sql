-- WAP's management model for VM Clouds: plans, add-ons, subscriptions and their quotas.
-- Portable SQL (H2 and PostgreSQL), one change per statement. A NULL quota is unlimited, as an
-- empty element is in WAP's plan XML. Quota names follow VMM's Role*/Member* quota members.

-- A plan on one stamp. state: 'Private', 'Public' or 'Decommissioned' (WAP's 0, 1, 2).
-- max_subscriptions_per_account NULL = unlimited (WAP's -1).
CREATE TABLE gio_plan (
    id                            UUID PRIMARY KEY,
    name                          VARCHAR(256) NOT NULL UNIQUE,
    display_name                  VARCHAR(256) NOT NULL,
    state                         VARCHAR(16) NOT NULL,
    stamp_id                      UUID NOT NULL REFERENCES vmm_stamp (id),
    role_vm_count                 BIGINT,
    member_vm_count               BIGINT,
    role_cpu_count                BIGINT,
    member_cpu_count              BIGINT,
    role_memory_mb                BIGINT,
    member_memory_mb              BIGINT,
    role_storage_gb               BIGINT,
    member_storage_gb             BIGINT,
    max_vm_cpu                    INT,
    max_vm_memory_mb              INT,
    migration_allowed             BOOLEAN DEFAULT FALSE NOT NULL,
    max_subscriptions_per_account INT,
    created                       TIMESTAMP WITH TIME ZONE NOT NULL,
    modified                      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The VM actions a plan allows (WAP's Actions setting: Start, Stop, Checkpoint, RemoteConnect, ...).
CREATE TABLE gio_plan_action (
    plan_id UUID NOT NULL REFERENCES gio_plan (id) ON DELETE CASCADE,
    action  VARCHAR(64) NOT NULL,
    PRIMARY KEY (plan_id, action)
);

-- The plan's VM resources and networks. No foreign keys to the VMM view on purpose: a VM network
-- may be deleted through SPF while a plan still names it; the services skip what is gone.
CREATE TABLE gio_plan_template (
    plan_id     UUID NOT NULL REFERENCES gio_plan (id) ON DELETE CASCADE,
    template_id UUID NOT NULL,
    PRIMARY KEY (plan_id, template_id)
);

CREATE TABLE gio_plan_hardware_profile (
    plan_id             UUID NOT NULL REFERENCES gio_plan (id) ON DELETE CASCADE,
    hardware_profile_id UUID NOT NULL,
    PRIMARY KEY (plan_id, hardware_profile_id)
);

CREATE TABLE gio_plan_vm_network (
    plan_id       UUID NOT NULL REFERENCES gio_plan (id) ON DELETE CASCADE,
    vm_network_id UUID NOT NULL,
    PRIMARY KEY (plan_id, vm_network_id)
);

-- An add-on: kind 'Pack' (Active Directory, SQL Server, RDS, XenApp: unlocks templates and adds
-- quota) or 'Backup' (the paid backup option). The increments add to the plan's quota.
CREATE TABLE gio_addon (
    id           UUID PRIMARY KEY,
    name         VARCHAR(256) NOT NULL UNIQUE,
    display_name VARCHAR(256) NOT NULL,
    kind         VARCHAR(16) NOT NULL,
    description  VARCHAR(1024),
    vm_count     BIGINT DEFAULT 0 NOT NULL,
    cpu_count    BIGINT DEFAULT 0 NOT NULL,
    memory_mb    BIGINT DEFAULT 0 NOT NULL,
    storage_gb   BIGINT DEFAULT 0 NOT NULL,
    created      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE gio_addon_template (
    addon_id    UUID NOT NULL REFERENCES gio_addon (id) ON DELETE CASCADE,
    template_id UUID NOT NULL,
    PRIMARY KEY (addon_id, template_id)
);

-- Which add-ons a plan offers.
CREATE TABLE gio_plan_addon (
    plan_id  UUID NOT NULL REFERENCES gio_plan (id) ON DELETE CASCADE,
    addon_id UUID NOT NULL REFERENCES gio_addon (id) ON DELETE CASCADE,
    PRIMARY KEY (plan_id, addon_id)
);

-- A subscription of an account to a plan, bound to one cloud and one user role on the plan's
-- stamp. state: 'Active', 'Suspended' or 'Deleting' (WAP's 1, 2, 3). The successor is the new
-- contract of a migrated customer. Its row is also the lock that serializes quota reservations.
CREATE TABLE gio_subscription (
    id                        UUID PRIMARY KEY,
    name                      VARCHAR(256) NOT NULL,
    account_name              VARCHAR(256) NOT NULL REFERENCES gio_account (name),
    tenant_id                 UUID REFERENCES gio_tenant (id),
    plan_id                   UUID NOT NULL REFERENCES gio_plan (id),
    state                     VARCHAR(16) NOT NULL,
    cloud_id                  UUID NOT NULL UNIQUE REFERENCES vmm_cloud (id),
    user_role_id              UUID NOT NULL REFERENCES vmm_user_role (id),
    successor_subscription_id UUID REFERENCES gio_subscription (id),
    created                   TIMESTAMP WITH TIME ZONE NOT NULL,
    modified                  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX gio_subscription_account ON gio_subscription (account_name, created);
CREATE INDEX gio_subscription_plan ON gio_subscription (plan_id);
CREATE INDEX gio_subscription_successor ON gio_subscription (successor_subscription_id);

CREATE TABLE gio_subscription_addon (
    subscription_id UUID NOT NULL REFERENCES gio_subscription (id) ON DELETE CASCADE,
    addon_id        UUID NOT NULL REFERENCES gio_addon (id),
    PRIMARY KEY (subscription_id, addon_id)
);

-- A quota set for one subscription, replacing the plan's value plus add-ons. quota is a VMM name
-- (RoleVMCount, MemberCPUCount, ...); quota_value NULL = unlimited.
CREATE TABLE gio_subscription_quota (
    subscription_id UUID NOT NULL REFERENCES gio_subscription (id) ON DELETE CASCADE,
    quota           VARCHAR(32) NOT NULL,
    quota_value     BIGINT,
    PRIMARY KEY (subscription_id, quota)
);

-- Resources reserved by a change in progress (a VM being created, a resize), counted on top of the
-- VMs in the subscription's cloud. A reservation for a new VM stops counting once the VM's row
-- exists; every reservation is released by its caller and stops counting when it expires.
CREATE TABLE gio_quota_reservation (
    id              UUID PRIMARY KEY,
    subscription_id UUID NOT NULL REFERENCES gio_subscription (id) ON DELETE CASCADE,
    vm_id           UUID,
    vm_count        BIGINT NOT NULL,
    cpu_count       BIGINT NOT NULL,
    memory_mb       BIGINT NOT NULL,
    storage_gb      BIGINT NOT NULL,
    expires         TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX gio_quota_reservation_subscription ON gio_quota_reservation (subscription_id);
