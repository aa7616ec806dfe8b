package io.gio.spf.vm;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/** Settings of a VM a client asked to change; empty means "keep". */
public record VmSettingsChange(
        Optional<String> name,
        Optional<String> description,
        Optional<UUID> hardwareProfileId,
        OptionalInt cpuCount,
        OptionalInt memoryMb,
        Optional<Boolean> dynamicMemory,
        OptionalInt dynamicMinimumMb,
        OptionalInt dynamicMaximumMb) {

    public VmSettingsChange {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        requireNonNull(hardwareProfileId, "hardwareProfileId is null");
        requireNonNull(cpuCount, "cpuCount is null");
        requireNonNull(memoryMb, "memoryMb is null");
        requireNonNull(dynamicMemory, "dynamicMemory is null");
        requireNonNull(dynamicMinimumMb, "dynamicMinimumMb is null");
        requireNonNull(dynamicMaximumMb, "dynamicMaximumMb is null");
    }
}
