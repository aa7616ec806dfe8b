package io.gio.spf.vm;

import io.gio.spf.SpfException;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** Lookups a VM creation needs: stamp limits, clouds, sources (templates, library VHDs, sizes), networks. */
final class VmCatalog {
    private VmCatalog() {}

    record StampLimits(String name, String hypervisor, int maxCpu, int maxMemoryMb, String diskFormats) {
        String describe() {
            return name + " (" + hypervisor + ")";
        }
    }

    record CloudOwner(String roleName, UUID roleId) {}

    record Profile(int cpu, int memoryMb) {}

    record Network(UUID id, String name, UUID logicalNetworkId) {}

    static StampLimits stamp(Handle h, UUID stampId) {
        return h.createQuery("SELECT name, hypervisor, max_cpu, max_memory_mb, disk_formats FROM vmm_stamp WHERE id = :id")
                .bind("id", stampId)
                .map((rs, ctx) -> new StampLimits(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4),
                        rs.getString(5)))
                .findOne().orElseThrow(() -> SpfException.badRequest("StampId " + stampId + " is not a stamp of this service."));
    }

    static CloudOwner cloud(Handle h, UUID cloudId, UUID stampId) {
        return h.createQuery("SELECT c.stamp_id, r.name, r.id FROM vmm_cloud c LEFT JOIN vmm_user_role r"
                        + " ON r.id = c.user_role_id WHERE c.id = :id")
                .bind("id", cloudId)
                .map((rs, ctx) -> {
                    if (!stampId.equals(rs.getObject(1, UUID.class))) {
                        throw SpfException.badRequest("The cloud " + cloudId + " is not on stamp " + stampId + ".");
                    }
                    return new CloudOwner(rs.getString(2), rs.getObject(3, UUID.class));
                })
                .findOne().orElseThrow(() -> SpfException.badRequest("CloudId " + cloudId + " is not a cloud of this service."));
    }

    static VmSource template(Handle h, UUID templateId, UUID stampId) {
        return h.createQuery("SELECT os_name, os_type, os_version, disk_format, disk_max_bytes, disk_used_bytes,"
                        + " cpu_count, memory_mb, vm_generation, fabric_template FROM vmm_template"
                        + " WHERE id = :id AND stamp_id = :stamp")
                .bind("id", templateId).bind("stamp", stampId)
                .map((rs, ctx) -> new VmSource(Optional.of(templateId), Optional.empty(), rs.getString(1),
                        rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getLong(6), rs.getInt(7),
                        rs.getInt(8), rs.getInt(9), rs.getBoolean(10) ? Optional.of(templateId) : Optional.empty()))
                .findOne().orElseThrow(() -> SpfException.badRequest(
                        "VMTemplateId " + templateId + " is not a template on stamp " + stampId + "."));
    }

    static VmSource libraryDisk(Handle h, UUID vhdId, UUID stampId, Profile size, UUID profileId) {
        return h.createQuery("SELECT os_name, format, max_bytes, size_bytes FROM vmm_vhd WHERE id = :id"
                        + " AND stamp_id = :stamp AND library")
                .bind("id", vhdId).bind("stamp", stampId)
                .map((rs, ctx) -> {
                    String os = rs.getString(1) == null ? "Unknown" : rs.getString(1);
                    String osType = os.startsWith("Windows") ? "Windows" : "Linux";
                    return new VmSource(Optional.empty(), Optional.of(profileId), os, osType, "", rs.getString(2),
                            rs.getLong(3), rs.getLong(4), size.cpu(), size.memoryMb(),
                            "VHDX".equals(rs.getString(2)) ? 2 : 1, Optional.empty());
                })
                .findOne().orElseThrow(() -> SpfException.badRequest(
                        "VirtualHardDiskId " + vhdId + " is not a library disk on stamp " + stampId + "."));
    }

    static Profile profile(Handle h, UUID profileId, UUID stampId) {
        return h.createQuery("SELECT cpu_count, memory_mb FROM vmm_hardware_profile WHERE id = :id AND stamp_id = :stamp")
                .bind("id", profileId).bind("stamp", stampId)
                .map((rs, ctx) -> new Profile(rs.getInt(1), rs.getInt(2)))
                .findOne().orElseThrow(() -> SpfException.badRequest(
                        "HardwareProfileId " + profileId + " is not a hardware profile on stamp " + stampId + "."));
    }

    static Network network(Handle h, CreateVmRequest.NetworkRef ref, UUID stampId) {
        String where = ref.vmNetworkId().isPresent() ? "n.id = :key" : "n.name = :key";
        Object key = ref.vmNetworkId().isPresent() ? ref.vmNetworkId().get() : ref.vmNetworkName().orElse("");
        return h.createQuery("SELECT n.id, n.name, n.logical_network_id FROM vmm_vm_network n WHERE n.stamp_id = :stamp"
                        + " AND " + where + " ORDER BY n.id")
                .bind("stamp", stampId).bind("key", key)
                .map((rs, ctx) -> new Network(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class)))
                .findFirst().orElseThrow(() -> SpfException.badRequest("The VM network "
                        + ref.vmNetworkId().map(UUID::toString).or(ref::vmNetworkName).orElse("(unnamed)")
                        + " does not exist on stamp " + stampId + "."));
    }
}
