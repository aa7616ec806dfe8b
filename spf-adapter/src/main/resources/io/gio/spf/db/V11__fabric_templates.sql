-- Templates the fabric offers itself (ClusterDriver.templates: e.g. images a libvirt operator names),
-- copied into the VMM view by the inventory refresh; a VM made from one gets a copy of its image.
ALTER TABLE vmm_template ADD COLUMN fabric_template BOOLEAN DEFAULT FALSE NOT NULL;
