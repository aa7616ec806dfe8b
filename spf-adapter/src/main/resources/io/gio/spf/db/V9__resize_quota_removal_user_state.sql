-- Resize quotas, subscription removal and WAP's user state. Portable SQL (H2 and PostgreSQL).

-- A resize reserves the growth of its VM (processors, memory) for its job: the reservation counts
-- until that job has ended (then the VM's row carries the new size) and is released then.
ALTER TABLE gio_quota_reservation ADD COLUMN job_id UUID;
CREATE INDEX gio_quota_reservation_job ON gio_quota_reservation (job_id);

-- Why the removal of a subscription being deleted is stuck (WAP's LastErrorMessage); NULL otherwise.
ALTER TABLE gio_subscription ADD COLUMN last_error VARCHAR(4000);

-- WAP's user state: 'Active', 'Suspended' (cannot sign in) or 'DeletePending' (being removed with
-- its subscriptions); and the user's e-mail address (NULL = the user name, as WAP's users have it).
ALTER TABLE gio_account ADD COLUMN state VARCHAR(16) DEFAULT 'Active' NOT NULL;
ALTER TABLE gio_account ADD COLUMN email VARCHAR(256);
