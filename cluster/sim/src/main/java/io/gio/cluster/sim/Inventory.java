package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FabricNetwork;
import io.gio.cluster.spi.Host;
import io.gio.cluster.spi.Link;
import io.gio.cluster.spi.Stamp;
import io.gio.cluster.spi.Volume;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** Reads stamps, hosts, volumes, networks and links; each list in a stable order. */
final class Inventory {

    List<Stamp> stamps(Handle h) {
        return h.createQuery("SELECT * FROM sim_stamp ORDER BY name").map(SimRows.STAMP).list();
    }

    Optional<Stamp> stamp(Handle h, UUID stampId) {
        return h.createQuery("SELECT * FROM sim_stamp WHERE id = :id")
                .bind("id", stampId).map(SimRows.STAMP).findOne();
    }

    Stamp requireStamp(Handle h, UUID stampId) {
        return stamp(h, stampId).orElseThrow(() -> new ClusterException(ClusterErrorCode.NOT_FOUND,
                "stamp " + stampId + " does not exist"));
    }

    List<Host> hosts(Handle h, UUID stampId) {
        return h.createQuery("SELECT * FROM sim_host WHERE stamp_id = :stamp ORDER BY name")
                .bind("stamp", stampId).map(SimRows.HOST).list();
    }

    List<Volume> volumes(Handle h, UUID stampId) {
        return h.createQuery("SELECT * FROM sim_volume WHERE stamp_id = :stamp ORDER BY name")
                .bind("stamp", stampId).map(SimRows.VOLUME).list();
    }

    Optional<Volume> volume(Handle h, UUID volumeId) {
        return h.createQuery("SELECT * FROM sim_volume WHERE id = :id")
                .bind("id", volumeId).map(SimRows.VOLUME).findOne();
    }

    Volume requireVolume(Handle h, UUID volumeId) {
        return volume(h, volumeId).orElseThrow(() -> new ClusterException(ClusterErrorCode.NOT_FOUND,
                "volume " + volumeId + " does not exist"));
    }

    List<FabricNetwork> networks(Handle h, UUID stampId) {
        return h.createQuery("SELECT * FROM sim_network WHERE stamp_id = :stamp ORDER BY name")
                .bind("stamp", stampId).map(SimRows.NETWORK).list();
    }

    List<Link> links(Handle h) {
        return h.createQuery("SELECT * FROM sim_link ORDER BY name").map(SimRows.LINK).list();
    }

    List<Host> allHosts(Handle h) {
        return h.createQuery("SELECT * FROM sim_host").map(SimRows.HOST).list();
    }

    List<Volume> allVolumes(Handle h) {
        return h.createQuery("SELECT * FROM sim_volume").map(SimRows.VOLUME).list();
    }

    List<FabricNetwork> allNetworks(Handle h) {
        return h.createQuery("SELECT * FROM sim_network").map(SimRows.NETWORK).list();
    }
}
