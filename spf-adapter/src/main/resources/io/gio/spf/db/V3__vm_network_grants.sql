-- Who a VM network is shared with (VMM.UserAndRole entries), as JSON.
ALTER TABLE vmm_vm_network ADD COLUMN granted_json VARCHAR(8000) DEFAULT '[]' NOT NULL;
