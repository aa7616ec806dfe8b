-- Network adapters added to, reconnected on and removed from existing VMs, as operations
-- (NIC_ADD, NIC_CONNECT, NIC_REMOVE). Portable SQL (H2 and PostgreSQL).

-- What a NIC operation changes when it is settled: the adapter; for NIC_ADD and NIC_CONNECT the
-- logical network it connects to (NULL for NIC_REMOVE); for NIC_ADD its static MAC address (NULL
-- for a dynamic one, derived from the adapter's ID). The IPv4 address is taken from the network's
-- counter when the operation is settled. Rows stay with their operation, which outlives the VM, so
-- nic_id has no foreign key; the index finds an ID's earlier NIC_ADD (addNic is idempotent per ID).
CREATE TABLE sim_nic_change (
    operation_id UUID NOT NULL PRIMARY KEY REFERENCES sim_operation (id),
    nic_id UUID NOT NULL,
    network_id UUID REFERENCES sim_network (id),
    static_mac_address VARCHAR(17)
);
CREATE INDEX sim_nic_change_nic ON sim_nic_change (nic_id);
