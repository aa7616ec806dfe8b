package io.gio.cluster.spi;

import java.util.UUID;

/**
 * Network QoS per virtual adapter and storage QoS per virtual disk: an optional capability,
 * offered through {@link ClusterDriver#qos()}. Settings apply at once, in any power state (as
 * Hyper-V's are), and stay with the adapter or disk until changed; they are not operations.
 *
 * <p>Checked before anything changes, in this order: NOT_FOUND for an unknown VM, or an adapter
 * or disk that is not the VM's; UNSUPPORTED, with a message naming the stamp's generation, when
 * the generation has no network QoS ({@link Generation#networkQos()}) or storage QoS
 * ({@link Generation#storageQos()}) and a limit is set (clearing is always allowed);
 * INVALID_ARGUMENT when a value is not positive, a minimum exceeds its maximum, or a guaranteed
 * minimum bandwidth exceeds the bandwidth of the host's network adapter, or a minimum IOPS
 * exceeds what the disk's volume can deliver.
 */
public interface QosSupport {

    /** Sets (or, with {@link NetworkQos#none()}, clears) an adapter's bandwidth limits; returns them. */
    NetworkQos setNetworkQos(UUID vmId, UUID nicId, NetworkQos qos);

    /** Sets (or, with {@link StorageQos#none()}, clears) a disk's IOPS limits; returns them. */
    StorageQos setStorageQos(UUID vmId, UUID diskId, StorageQos qos);

    /** An adapter's current limits; NOT_FOUND as for {@link #setNetworkQos}. */
    NetworkQos networkQos(UUID vmId, UUID nicId);

    /** A disk's current limits; NOT_FOUND as for {@link #setStorageQos}. */
    StorageQos storageQos(UUID vmId, UUID diskId);
}
