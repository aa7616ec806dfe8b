-- Virtual network adapters added, reconnected and removed as VMM jobs. Portable SQL, one change per
-- statement (H2 and PostgreSQL differ in multi-column ALTER TABLE).

-- 'Static' for an adapter created with a MAC address of its own, 'Dynamic' when the fabric assigns it.
ALTER TABLE vmm_nic ADD COLUMN mac_address_type VARCHAR(16) DEFAULT 'Dynamic' NOT NULL;

-- What an adapter job changes in the VMM view when it ends, one row per job until then: kind 'Add'
-- (the adapter is listed at once; it goes again if the job fails), 'Connect' (the VM network it
-- moves to, shown once the job succeeds) or 'Remove'. The rows also keep a VM network in use while
-- a job would connect an adapter to it.
CREATE TABLE vmm_nic_change (
    job_id          UUID PRIMARY KEY,
    vm_id           UUID NOT NULL REFERENCES vmm_vm (id) ON DELETE CASCADE,
    nic_id          UUID NOT NULL,
    kind            VARCHAR(16) NOT NULL,
    vm_network_id   UUID,
    vm_network_name VARCHAR(256),
    static_mac      VARCHAR(17)
);
CREATE INDEX vmm_nic_change_vm ON vmm_nic_change (vm_id);
CREATE INDEX vmm_nic_change_network ON vmm_nic_change (vm_network_id);
