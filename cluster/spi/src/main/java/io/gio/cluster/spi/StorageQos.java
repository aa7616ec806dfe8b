package io.gio.cluster.spi;

import static java.util.Objects.requireNonNull;

import java.util.OptionalLong;

/**
 * IOPS limits of a virtual disk (Hyper-V storage QoS, normalized 8 KB IOPS): a maximum and a
 * minimum the host tries to guarantee. Empty means no limit or no reservation.
 */
public record StorageQos(OptionalLong maximumIops, OptionalLong minimumIops) {
    public StorageQos {
        requireNonNull(maximumIops, "maximumIops is null");
        requireNonNull(minimumIops, "minimumIops is null");
    }

    public static StorageQos none() {
        return new StorageQos(OptionalLong.empty(), OptionalLong.empty());
    }

    public boolean isNone() {
        return maximumIops.isEmpty() && minimumIops.isEmpty();
    }
}
