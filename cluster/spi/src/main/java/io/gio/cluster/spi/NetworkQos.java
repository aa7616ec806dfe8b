package io.gio.cluster.spi;

import static java.util.Objects.requireNonNull;

import java.util.OptionalLong;

/**
 * Bandwidth limits of a virtual network adapter, in bits per second: Hyper-V's maximum
 * bandwidth and guaranteed minimum bandwidth (absolute mode). Empty means no limit or no
 * reservation.
 */
public record NetworkQos(OptionalLong maximumBitsPerSecond, OptionalLong minimumBitsPerSecond) {
    public NetworkQos {
        requireNonNull(maximumBitsPerSecond, "maximumBitsPerSecond is null");
        requireNonNull(minimumBitsPerSecond, "minimumBitsPerSecond is null");
    }

    public static NetworkQos none() {
        return new NetworkQos(OptionalLong.empty(), OptionalLong.empty());
    }

    public boolean isNone() {
        return maximumBitsPerSecond.isEmpty() && minimumBitsPerSecond.isEmpty();
    }
}
