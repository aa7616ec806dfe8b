-- Library VHDs: templates point at one, and a VM can be created from one (VirtualHardDiskId).
ALTER TABLE vmm_template ADD COLUMN vhd_id UUID;
ALTER TABLE vmm_vhd ADD COLUMN library BOOLEAN DEFAULT FALSE NOT NULL;
