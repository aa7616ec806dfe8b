package io.gio.cluster.spi;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/**
 * A VM template a fabric offers: an OS image that a new VM's boot disk is a full copy of
 * ({@link DiskSpec#template()}), with the size a VM made from it gets unless asked otherwise.
 *
 * @param osName the guest system, e.g. {@code CentOS Linux 7 (64 bit)}
 * @param maxBytes the image's virtual size: a boot disk made from it is at least that large
 * @param usedBytes what the image holds: what a copy writes
 */
public record FabricTemplate(
        UUID id,
        UUID stampId,
        String name,
        String osName,
        int cpuCount,
        int memoryMb,
        DiskFormat format,
        long maxBytes,
        long usedBytes) {
    public FabricTemplate {
        requireNonNull(id, "id is null");
        requireNonNull(stampId, "stampId is null");
        requireNonNull(name, "name is null");
        requireNonNull(osName, "osName is null");
        requireNonNull(format, "format is null");
        if (cpuCount < 1 || memoryMb < 1 || maxBytes <= 0 || usedBytes < 0) {
            throw new IllegalArgumentException("a template needs processors, memory and a disk");
        }
    }
}
