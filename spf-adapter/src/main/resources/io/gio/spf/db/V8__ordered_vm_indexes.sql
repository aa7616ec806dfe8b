-- Pages of VMs filtered by status or cloud and ordered by name: with the filtered column first,
-- the store walks these indexes in order and stops after one page instead of sorting every match
-- (the reader names a column the filter pins before the $orderby, see EntityReader).
CREATE INDEX vmm_vm_status_name ON vmm_vm (status, name, id);
CREATE INDEX vmm_vm_cloud_name ON vmm_vm (cloud_id, name, id);
