package io.gio.spf.vm;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * A new VM as SPF's POST {@code VirtualMachines} describes it: from a template, or from a
 * library VHD plus a hardware profile. Sizes given explicitly win over the profile's and the
 * template's. Credentials in the request (local administrator, product key) are not kept.
 */
public record CreateVmRequest(
        UUID stampId,
        UUID cloudId,
        String name,
        Optional<String> computerName,
        Optional<String> description,
        Optional<UUID> templateId,
        Optional<UUID> virtualHardDiskId,
        Optional<UUID> hardwareProfileId,
        OptionalInt cpuCount,
        OptionalInt memoryMb,
        List<NetworkRef> networks,
        boolean startVm) {

    /** A network adapter to add, connected to a VM network named by ID or by name. */
    public record NetworkRef(Optional<UUID> vmNetworkId, Optional<String> vmNetworkName) {
        public NetworkRef {
            requireNonNull(vmNetworkId, "vmNetworkId is null");
            requireNonNull(vmNetworkName, "vmNetworkName is null");
        }
    }

    public CreateVmRequest {
        requireNonNull(stampId, "stampId is null");
        requireNonNull(cloudId, "cloudId is null");
        requireNonNull(name, "name is null");
        requireNonNull(computerName, "computerName is null");
        requireNonNull(description, "description is null");
        requireNonNull(templateId, "templateId is null");
        requireNonNull(virtualHardDiskId, "virtualHardDiskId is null");
        requireNonNull(hardwareProfileId, "hardwareProfileId is null");
        requireNonNull(cpuCount, "cpuCount is null");
        requireNonNull(memoryMb, "memoryMb is null");
        networks = List.copyOf(requireNonNull(networks, "networks is null"));
    }
}
