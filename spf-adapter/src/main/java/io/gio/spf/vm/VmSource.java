package io.gio.spf.vm;

import java.util.Optional;
import java.util.UUID;

/** What a new VM is made from: the image to copy and the guest it holds, and the default size. */
record VmSource(
        Optional<UUID> templateId,
        Optional<UUID> hardwareProfileId,
        String osName,
        String osType,
        String osVersion,
        String format,
        long diskMaxBytes,
        long diskUsedBytes,
        int cpuCount,
        int memoryMb,
        int vmGeneration,
        Optional<UUID> image) {}
