package io.gio.spf.inventory;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What VMM knows about a VM beyond what the fabric reports: ownership, origin, guest OS.
 *
 * @param cloudId the VM's cloud; null for a VM in no cloud (one adopted from the fabric)
 * @param ownerRoleId the owner's user role; null when the VM has none (adopted VMs)
 */
public record VmMetadata(
        UUID cloudId,
        String ownerUser,
        String ownerRole,
        UUID ownerRoleId,
        Optional<UUID> templateId,
        Optional<UUID> hardwareProfileId,
        String osName,
        String osType,
        String osVersion,
        String computerName,
        String description,
        int vmGeneration,
        List<NicNetwork> nicNetworks) {

    /** The VM network that the NIC at the same position is connected to. */
    public record NicNetwork(UUID vmNetworkId, String vmNetworkName) {
        public NicNetwork {
            requireNonNull(vmNetworkId, "vmNetworkId is null");
            requireNonNull(vmNetworkName, "vmNetworkName is null");
        }
    }

    public VmMetadata {
        requireNonNull(ownerUser, "ownerUser is null");
        requireNonNull(ownerRole, "ownerRole is null");
        requireNonNull(templateId, "templateId is null");
        requireNonNull(hardwareProfileId, "hardwareProfileId is null");
        requireNonNull(osName, "osName is null");
        requireNonNull(osType, "osType is null");
        requireNonNull(osVersion, "osVersion is null");
        requireNonNull(computerName, "computerName is null");
        requireNonNull(description, "description is null");
        nicNetworks = List.copyOf(requireNonNull(nicNetworks, "nicNetworks is null"));
    }
}
