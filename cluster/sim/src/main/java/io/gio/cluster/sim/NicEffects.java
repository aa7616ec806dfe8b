package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * sim_nic_change, and what settling a NIC operation does to the VM's adapters, as of the
 * operation's end: NIC_ADD appends the adapter (after the VM's others) with its MAC address and an
 * IPv4 address of its network; NIC_CONNECT moves it to its new network, with a new address when
 * the network changes; NIC_REMOVE deletes it with its QoS settings.
 */
final class NicEffects {

    static final String ADD = "NIC_ADD";
    static final String CONNECT = "NIC_CONNECT";
    static final String REMOVE = "NIC_REMOVE";

    /** A row of sim_nic_change: the adapter, its network (ADD, CONNECT), its static MAC (ADD). */
    record Change(UUID nicId, Optional<UUID> networkId, Optional<String> staticMac) {}

    private final Addressing addressing;

    NicEffects(Addressing addressing) {
        this.addressing = addressing;
    }

    void insert(Handle h, UUID operationId, Change change) {
        h.createUpdate("INSERT INTO sim_nic_change (operation_id, nic_id, network_id, static_mac_address)"
                        + " VALUES (:op, :nic, :network, :mac)")
                .bind("op", operationId).bind("nic", change.nicId())
                .bindByType("network", change.networkId().orElse(null), UUID.class)
                .bindByType("mac", change.staticMac().orElse(null), String.class)
                .execute();
    }

    Optional<Change> find(Handle h, UUID operationId) {
        return h.createQuery("SELECT nic_id, network_id, static_mac_address FROM sim_nic_change"
                        + " WHERE operation_id = :op")
                .bind("op", operationId)
                .map((rs, ctx) -> new Change(SimRows.uuid(rs, "nic_id"),
                        Optional.ofNullable(rs.getObject("network_id", UUID.class)),
                        Optional.ofNullable(rs.getString("static_mac_address"))))
                .findOne();
    }

    /** The first NIC_ADD operation of an adapter ID. */
    Optional<UUID> addOf(Handle h, UUID nicId) {
        return h.createQuery("SELECT o.id FROM sim_nic_change c JOIN sim_operation o ON o.id = c.operation_id"
                        + " WHERE c.nic_id = :nic AND o.kind = :kind ORDER BY o.started")
                .bind("nic", nicId).bind("kind", ADD)
                .map((rs, ctx) -> SimRows.uuid(rs, "id")).findFirst();
    }

    /** The settle effect of NIC_ADD. */
    void add(Handle h, OperationRow op) {
        Change change = require(h, op);
        UUID network = change.networkId().orElseThrow(() -> corrupt(op));
        boolean taken = h.createQuery("SELECT COUNT(*) FROM sim_nic WHERE id = :id").bind("id", change.nicId())
                .mapTo(Integer.class).one() > 0;
        if (taken) {
            // another VM was created with this adapter ID while the add ran: the add fails
            fail(h, op, new ClusterException(ClusterErrorCode.INVALID_ARGUMENT,
                    "network adapter ID " + change.nicId() + " was taken by another VM while it was being added"));
            return;
        }
        int ordinal = h.createQuery("SELECT COALESCE(MAX(ordinal) + 1, 0) FROM sim_nic WHERE vm_id = :vm")
                .bind("vm", op.vmId()).mapTo(Integer.class).one();
        String ip = addressing.allocate(h, network, 1).get(0);
        String mac = change.staticMac().orElseGet(() -> Addressing.mac(change.nicId()));
        h.createUpdate("INSERT INTO sim_nic (id, vm_id, ordinal, network_id, mac_address, ipv4_address)"
                        + " VALUES (:id, :vm, :ordinal, :network, :mac, :ip)")
                .bind("id", change.nicId()).bind("vm", op.vmId()).bind("ordinal", ordinal)
                .bind("network", network).bind("mac", mac).bind("ip", ip).execute();
    }

    /** The settle effect of NIC_CONNECT. */
    void connect(Handle h, OperationRow op) {
        Change change = require(h, op);
        UUID network = change.networkId().orElseThrow(() -> corrupt(op));
        Optional<UUID> current = h.createQuery("SELECT network_id FROM sim_nic WHERE id = :nic AND vm_id = :vm")
                .bind("nic", change.nicId()).bind("vm", op.vmId())
                .map((rs, ctx) -> SimRows.uuid(rs, "network_id")).findOne();
        if (current.isEmpty() || current.get().equals(network)) {
            return; // same network: the adapter keeps its address
        }
        String ip = addressing.allocate(h, network, 1).get(0);
        h.createUpdate("UPDATE sim_nic SET network_id = :network, ipv4_address = :ip WHERE id = :nic")
                .bind("network", network).bind("ip", ip).bind("nic", change.nicId()).execute();
    }

    /** The settle effect of NIC_REMOVE. */
    void remove(Handle h, OperationRow op) {
        Change change = require(h, op);
        h.createUpdate("DELETE FROM sim_nic WHERE id = :nic AND vm_id = :vm")
                .bind("nic", change.nicId()).bind("vm", op.vmId()).execute();
    }

    private Change require(Handle h, OperationRow op) {
        return find(h, op.id()).orElseThrow(() -> corrupt(op));
    }

    /** Turns the operation, which settling has just marked SUCCEEDED, into a failure. */
    private static void fail(Handle h, OperationRow op, ClusterException error) {
        h.createUpdate("UPDATE sim_operation SET state = 'FAILED', error_code = :code, error_message = :message"
                        + " WHERE id = :id")
                .bind("code", error.code().name()).bind("message", error.getMessage()).bind("id", op.id())
                .execute();
    }

    private static ClusterException corrupt(OperationRow op) {
        return new ClusterException(ClusterErrorCode.FABRIC_FAILURE, "the simulated fabric stores operation "
                + op.id() + " (" + op.kind() + ") without the network adapter it changes");
    }
}
