package io.gio.cluster.spi;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An image of a VM's console.
 *
 * @param png the image, PNG encoded
 * @param width width in pixels
 * @param height height in pixels
 * @param capturedAt when the fabric took it
 */
public record Screenshot(byte[] png, int width, int height, Instant capturedAt) {
    public Screenshot {
        requireNonNull(png, "png is null");
        requireNonNull(capturedAt, "capturedAt is null");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a screenshot has a positive size: " + width + "x" + height);
        }
    }
}
