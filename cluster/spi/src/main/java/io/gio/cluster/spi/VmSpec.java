package io.gio.cluster.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.UUID;

/** A VM to create on a stamp. The caller chooses the ID so that retries are idempotent. */
public record VmSpec(
        UUID id,
        UUID stampId,
        String name,
        int cpuCount,
        int memoryMb,
        List<DiskSpec> disks,
        List<NicSpec> nics,
        boolean startAfterCreate) {
    public VmSpec {
        requireNonNull(id, "id is null");
        requireNonNull(stampId, "stampId is null");
        requireNonNull(name, "name is null");
        disks = List.copyOf(requireNonNull(disks, "disks is null"));
        nics = List.copyOf(requireNonNull(nics, "nics is null"));
        if (cpuCount < 1 || memoryMb < 1) {
            throw new IllegalArgumentException("cpuCount and memoryMb must be positive");
        }
    }
}
