-- The VMM side of migrations (the engine keeps its own state in mig_migration and mig_event): who
-- asked, from which cloud to which, and the VMM jobs that mirror each migration. Portable SQL (H2 and
-- PostgreSQL). No foreign key to mig_migration: the engine's tables have their own Flyway history.

CREATE TABLE gio_migration (
    id               UUID PRIMARY KEY,
    source_stamp_id  UUID NOT NULL,
    target_stamp_id  UUID NOT NULL,
    vm_id            UUID NOT NULL,
    vm_name          VARCHAR(256) NOT NULL,
    source_cloud_id  UUID,
    target_cloud_id  UUID NOT NULL,
    -- the subscription the request came through (NULL for the SPF administrator)
    subscription_id  UUID,
    -- the account that owns the VM (VMM's Owner.UserName), kept by the target VM
    owner_user       VARCHAR(256),
    requested_by     VARCHAR(256) NOT NULL,
    -- the job that mirrors the migration, and the job of the latest tenant command
    job_id           UUID NOT NULL,
    command          VARCHAR(16),
    command_job_id   UUID,
    -- TRUE once the migration is final and the VMM view and jobs agree with it
    settled          BOOLEAN DEFAULT FALSE NOT NULL,
    created          TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX gio_migration_source_cloud ON gio_migration (source_cloud_id);
CREATE INDEX gio_migration_target_cloud ON gio_migration (target_cloud_id);
CREATE INDEX gio_migration_settled ON gio_migration (settled);
