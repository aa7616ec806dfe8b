package io.gio.spf.query;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each VMM entity set's properties are stored. Derived values (display strings, flags
 * that are constant on this fabric) are SQL expressions, so that {@code $filter} and
 * {@code $orderby} on them run in the store like on any other property.
 */
public final class VmmMappings {
    private VmmMappings() {}

    /** SQL for VMM's display string of a VM status. */
    static final String STATUS_STRING = "CASE t.status"
            + " WHEN 'Running' THEN 'Running' WHEN 'PowerOff' THEN 'Stopped' WHEN 'Paused' THEN 'Paused'"
            + " WHEN 'Saved' THEN 'Saved State' WHEN 'Starting' THEN 'Starting' WHEN 'Stopping' THEN 'Stopping'"
            + " WHEN 'Pausing' THEN 'Pausing' WHEN 'Resuming' THEN 'Resuming' WHEN 'Saving' THEN 'Saving'"
            + " WHEN 'Resetting' THEN 'Resetting' WHEN 'UnderCreation' THEN 'Creating...'"
            + " WHEN 'CreationFailed' THEN 'Creation Failed' WHEN 'Deleting' THEN 'Deleting'"
            + " WHEN 'Restoring' THEN 'Restoring checkpoint' WHEN 'Missing' THEN 'Missing' ELSE t.status END";

    public static Map<String, SetMapping> all() {
        Map<String, SetMapping> m = new LinkedHashMap<>();
        for (SetMapping s : List.of(virtualMachines(), vmTemplates(), hardwareProfiles(), clouds(), jobs(),
                virtualHardDisks(), virtualNetworkAdapters(), vmNetworks(), logicalNetworks(), virtualDiskDrives(),
                virtualDvdDrives(), virtualScsiAdapters(), vmCheckPoints(), userRoles())) {
            m.put(s.entitySet(), s);
        }
        ExtensionMappings.all().forEach(s -> m.put(s.entitySet(), s));
        return TenantVisibility.apply(m);
    }

    static SetMapping virtualMachines() {
        Map<String, Field.Column> os = operatingSystem("NULL");
        Map<String, Field.Column> err = errorInfo("t.error_code", "t.error_message");
        return new MappingBuilder("VirtualMachines", "vmm_vm")
                .guid("ID", "t.id").guid("StampId", "t.stamp_id").string("Name", "t.name")
                .string("ComputerName", "t.computer_name").string("Description", "t.description")
                .guid("CloudId", "t.cloud_id").guid("VMId", "t.id").string("VMHostName", "t.host_name")
                .string("Location", "t.location").string("Path", "t.location")
                .string("Status", "t.status").string("StatusString", STATUS_STRING)
                .string("VirtualMachineState", "t.vm_state")
                .bool("HasSavedState", "(t.status = 'Saved')").bool("Enabled", "TRUE")
                .bool("IsUndergoingLiveMigration", "FALSE")
                .guid("MostRecentTaskId", "t.most_recent_task_id").guid("FailedJobID", "t.failed_job_id")
                .byteValue("CPUCount", "t.cpu_count").int32("CPUMax", "100").int32("CPUReserve", "0")
                .int32("CPURelativeWeight", "100").string("CPUType", "'3.60 GHz Xeon (2 MB L2 cache)'")
                .int32("Memory", "t.memory_mb").bool("DynamicMemoryEnabled", "t.dyn_memory")
                .int32("DynamicMemoryMinimumMB", "t.dyn_min_mb").int32("DynamicMemoryMaximumMB", "t.dyn_max_mb")
                .int32("DynamicMemoryBufferPercentage", "CASE WHEN t.dyn_memory THEN 20 ELSE NULL END")
                .int32("MemoryWeight", "5000")
                .int32("MemoryAssignedMB", "CASE WHEN t.status IN ('Running', 'Paused') THEN t.memory_mb ELSE 0 END")
                .guid("VMTemplateId", "t.template_id").guid("HardwareProfileId", "t.hardware_profile_id")
                .string("OperatingSystem", "t.os_name")
                .complex("OperatingSystemInstance", os, Field.col("t.os_name", ValueType.STRING))
                .int64("TotalSize", "t.total_size").int32("Generation", "t.vm_generation")
                .bool("HasVMAdditions", "TRUE").bool("HeartbeatEnabled", "TRUE")
                .bool("TimeSynchronizationEnabled", "TRUE").bool("DataExchangeEnabled", "TRUE")
                .bool("OperatingSystemShutdownEnabled", "TRUE").bool("BackupEnabled", "TRUE")
                .bool("IsHighlyAvailable", "TRUE").bool("HighlyAvailable", "TRUE").bool("IsFaultTolerant", "FALSE")
                .bool("HasPassthroughDisk", "FALSE").bool("UndoDisksEnabled", "FALSE").bool("MarkedAsTemplate", "FALSE")
                .bool("CanVMConnect", "(t.status IN ('Running', 'Paused'))").bool("Shielded", "FALSE")
                .bool("IsRecoveryVM", "FALSE").bool("LimitCPUForMigration", "FALSE")
                .bool("LimitCPUFunctionality", "FALSE").bool("CPULimitForMigration", "FALSE")
                .bool("CPULimitFunctionality", "FALSE").bool("ExcludeFromPRO", "FALSE")
                .bool("BlockDynamicOptimization", "FALSE").bool("BlockLiveMigrationIfHostBusy", "FALSE")
                .string("StartAction", "'TurnOnVMIfRunningWhenVSStopped'").string("StopAction", "'SaveVM'")
                .int32("DelayStart", "0").int32("DelayStartSeconds", "0")
                .string("VirtualizationPlatform", "'HyperV'").string("CreationSource", "'Template'")
                .string("SourceObjectType", "CASE WHEN t.template_id IS NULL THEN 'VirtualHardDisk' ELSE 'VMTemplate' END")
                .time("AddedTime", "t.added").time("CreationTime", "t.added").time("ModifiedTime", "t.modified")
                .owner()
                .complex("DeploymentErrorInfo", err, Field.col("t.error_code", ValueType.STRING))
                .nav("Cloud", "Clouds", "t.cloud_id", "t.id", false)
                .nav("MostRecentTask", "Jobs", "t.most_recent_task_id", "t.id", false)
                .nav("FailedJob", "Jobs", "t.failed_job_id", "t.id", false)
                .nav("VirtualNetworkAdapters", "VirtualNetworkAdapters", "t.id", "t.vm_id", true)
                .nav("VMCheckpoints", "VMCheckPoints", "t.id", "t.vm_id", true)
                .nav("VirtualSCSIAdapters", "VirtualSCSIAdapters", "t.id", "t.vm_id", true)
                .nav("VirtualHardDisks", "VirtualHardDisks", "t.id", "t.vm_id", true)
                .nav("VirtualDVDDrives", "VirtualDVDDrives", "t.id", "t.vm_id", true)
                .nav("VirtualDiskDrives", "VirtualDiskDrives", "t.id", "t.vm_id", true)
                .build();
    }

    /** VMM.OperatingSystem from the usual guest OS columns. */
    static Map<String, Field.Column> operatingSystem(String editionSql) {
        Map<String, Field.Column> os = new LinkedHashMap<>();
        os.put("Name", Field.col("t.os_name", ValueType.STRING));
        os.put("Description", Field.col("t.os_name", ValueType.STRING));
        os.put("Version", Field.col("t.os_version", ValueType.STRING));
        os.put("Architecture", Field.col("'amd64'", ValueType.STRING));
        os.put("Edition", Field.col(editionSql, ValueType.STRING));
        os.put("OSType", Field.col("t.os_type", ValueType.STRING));
        return os;
    }

    /** VMM.ErrorInfo from a code column and a message column. */
    static Map<String, Field.Column> errorInfo(String codeSql, String messageSql) {
        Map<String, Field.Column> m = new LinkedHashMap<>();
        m.put("Code", Field.col(codeSql, ValueType.STRING));
        m.put("ErrorCodeString", Field.col(codeSql, ValueType.STRING));
        m.put("ErrorType", Field.col("'Error'", ValueType.STRING));
        m.put("ExceptionDetails", Field.col(messageSql, ValueType.STRING));
        m.put("Problem", Field.col(messageSql, ValueType.STRING));
        m.put("RecommendedAction", Field.col("'Check the state of the virtual machine and try the operation again.'", ValueType.STRING));
        m.put("IsSuccess", Field.col("FALSE", ValueType.BOOLEAN));
        m.put("IsTerminating", Field.col("TRUE", ValueType.BOOLEAN));
        m.put("IsConditionallyTerminating", Field.col("FALSE", ValueType.BOOLEAN));
        m.put("IsDeploymentBlocker", Field.col("FALSE", ValueType.BOOLEAN));
        m.put("IsMomAlert", Field.col("FALSE", ValueType.BOOLEAN));
        m.put("ShowDetailedError", Field.col("TRUE", ValueType.BOOLEAN));
        return m;
    }

    static SetMapping vmTemplates() {
        Map<String, Field.Column> os = operatingSystem("t.os_edition");
        return new MappingBuilder("VMTemplates", "vmm_template")
                .guid("ID", "t.id").guid("StampId", "t.stamp_id").string("Name", "t.name")
                .string("Description", "t.description").string("OperatingSystem", "t.os_name")
                .complex("OperatingSystemInstance", os, null).string("OSType", "t.os_type")
                .byteValue("CPUCount", "t.cpu_count").int32("CPUMax", "100").int32("CPUReserve", "0")
                .int32("Memory", "t.memory_mb").bool("DynamicMemoryEnabled", "FALSE")
                .int64("TotalVHDCapacity", "t.disk_max_bytes").int32("NicCount", "t.nic_count")
                .guid("VirtualHardDiskId", "t.vhd_id")
                .int32("Generation", "t.vm_generation").bool("Enabled", "TRUE").bool("IsCustomizable", "TRUE")
                .bool("HasVMAdditions", "TRUE").bool("IsHighlyAvailable", "TRUE").bool("Shielded", "FALSE")
                .bool("IsTemporaryTemplate", "FALSE").bool("UseHardwareAssistedVirtualization", "TRUE")
                .string("Accessibility", "'Public'").string("Status", "'Normal'")
                .string("VirtualizationPlatform", "'HyperV'").int32("QuotaPoint", "1")
                .strings("BootOrder", "'CD,IdeHardDrive,PxeBoot,Floppy'")
                .time("AddedTime", "t.added").time("CreationTime", "t.added").time("ModifiedTime", "t.added")
                .build();
    }

    static SetMapping hardwareProfiles() {
        return new MappingBuilder("HardwareProfiles", "vmm_hardware_profile")
                .guid("ID", "t.id").guid("StampId", "t.stamp_id").string("Name", "t.name")
                .string("Description", "t.description").byteValue("CPUCount", "t.cpu_count")
                .int32("CPUMax", "100").int32("CPUReserve", "0").int32("Memory", "t.memory_mb")
                .bool("DynamicMemoryEnabled", "t.dyn_memory").int32("DynamicMemoryMinimumMB", "t.dyn_min_mb")
                .int32("DynamicMemoryMaximumMB", "t.dyn_max_mb").int32("Generation", "t.vm_generation")
                .int32("RelativeWeight", "100").bool("Enabled", "TRUE").bool("LimitCPUForMigration", "FALSE")
                .bool("LimitCPUFunctionality", "FALSE").bool("UndoDisksEnabled", "FALSE").bool("ShareSCSIBus", "FALSE")
                .bool("NumLockEnabled", "FALSE").string("Accessibility", "'Public'")
                .time("AddedTime", "t.added").time("CreationTime", "t.added").time("ModifiedTime", "t.added")
                .build();
    }

    static SetMapping clouds() {
        return new MappingBuilder("Clouds", "vmm_cloud")
                .guid("ID", "t.id").guid("StampId", "t.stamp_id").string("Name", "t.name")
                .string("Description", "t.description").time("LastModifiedDate", "t.modified")
                .guid("UserRoleID", "t.user_role_id").string("ShieldedVMSupportPolicy", "'ShieldedVMNotSupported'")
                .nav("LogicalNetworks", "LogicalNetworks", "t.stamp_id", "t.stamp_id", true)
                .build();
    }

    /**
     * VMM user roles: each subscription's tenant-administrator role (WAP creates one per
     * subscription, scoped to its cloud), and the roles a stamp had before. Key {@code ID} only, as
     * SPF has it.
     */
    static SetMapping userRoles() {
        return new MappingBuilder("UserRoles", "vmm_user_role")
                .guid("ID", "t.id").string("Name", "t.name").string("Profile", "t.profile")
                .string("UserRoleProfile", "t.profile")
                .string("Description", "CASE WHEN t.tenant_id IS NULL THEN NULL ELSE 'Tenant administrator role of a WAP"
                        + " subscription' END")
                .build();
    }

    static SetMapping jobs() {
        Map<String, Field.Column> desc = new LinkedHashMap<>();
        desc.put("Name", Field.col("t.name", ValueType.STRING));
        desc.put("Code", Field.col("t.action", ValueType.STRING));
        desc.put("DescriptionCodeString", Field.col("t.action", ValueType.STRING));
        desc.put("IsRestartable", Field.col("FALSE", ValueType.BOOLEAN));
        desc.put("IsStoppable", Field.col("FALSE", ValueType.BOOLEAN));
        desc.put("CanSkipLastFailedStep", Field.col("FALSE", ValueType.BOOLEAN));
        desc.put("RequiresCredentialsForRestart", Field.col("FALSE", ValueType.BOOLEAN));
        return new MappingBuilder("Jobs", "vmm_job")
                .guid("ID", "t.id").guid("StampId", "t.stamp_id").string("Name", "t.name")
                .string("CmdletName", "t.cmdlet_name").complex("Description", desc, null)
                .string("Status", "t.status")
                .string("StatusString", "CASE t.status WHEN 'Completed' THEN 'Completed' WHEN 'Failed' THEN 'Failed'"
                        + " WHEN 'Running' THEN 'Running' WHEN 'Canceled' THEN 'Canceled' ELSE t.status END")
                .int32("ProgressValue", "t.progress_value")
                .string("Progress", "CAST(t.progress_value AS VARCHAR(8)) || ' %'")
                .bool("IsCompleted", "t.is_completed").bool("IsRestartable", "FALSE").bool("IsStoppable", "FALSE")
                .bool("IsVisible", "TRUE").bool("WasNotifiedOfCancel", "FALSE").bool("StepsLoaded", "TRUE")
                .bool("AreAuditRecordsAvailable", "FALSE").bool("SkipLastFailedStep", "FALSE")
                .time("StartTime", "t.start_time").time("EndTime", "t.end_time")
                .string("Owner", "t.owner").string("UserName", "t.owner").string("Source", "'GIO Gateway'")
                .string("Target", "t.target_name").guid("TargetObjectID", "t.target_object_id")
                .string("TargetObjectType", "t.target_object_type")
                .guid("ResultObjectID", "t.target_object_id").string("ResultName", "t.target_name")
                .string("ResultObjectType", "t.target_object_type")
                .string("ResultObjectTypeName", "t.target_object_type")
                .complex("ErrorInfo", errorInfo("t.error_code", "t.error_message"),
                        Field.col("t.error_code", ValueType.STRING))
                .build();
    }

    static SetMapping virtualHardDisks() {
        return new MappingBuilder("VirtualHardDisks", "vmm_vhd")
                .guid("ID", "t.id").guid("StampId", "t.stamp_id").string("Name", "t.name")
                .guid("VMId", "t.vm_id").string("Location", "t.location").string("Directory", "t.directory")
                .string("SharePath", "t.location").string("VHDType", "t.vhd_type").string("Type", "t.format")
                .int64("Size", "t.size_bytes").int64("MaximumSize", "t.max_bytes")
                .guid("HostVolumeId", "t.host_volume_id").string("OperatingSystem", "t.os_name")
                .string("FamilyName", "t.name").string("State", "'Normal'").string("Accessibility", "'Public'")
                .bool("Enabled", "TRUE").bool("IsOrphaned", "(t.vm_id IS NULL AND NOT t.library)")
                .bool("IsResourceGroup", "FALSE").string("LibraryGroup", "CASE WHEN t.library THEN 'GIO' ELSE NULL END")
                .bool("Shielded", "FALSE").bool("SANCopyCapable", "FALSE")
                .string("VirtualizationPlatform", "'HyperV'")
                .time("AddedTime", "t.added").time("ModifiedTime", "t.modified")
                .build();
    }

    static SetMapping virtualNetworkAdapters() {
        return new MappingBuilder("VirtualNetworkAdapters", "vmm_nic")
                .guid("ID", "t.id").guid("StampId", "t.stamp_id").string("Name", "t.name").guid("VMId", "t.vm_id")
                .guid("VMNetworkId", "t.vm_network_id").string("VMNetworkName", "t.vm_network_name")
                .string("MACAddress", "t.mac_address").string("EthernetAddress", "t.mac_address")
                .string("PhysicalAddress", "t.mac_address").string("MACAddressType", "t.mac_address_type")
                .string("EthernetAddressType", "t.mac_address_type").string("PhysicalAddressType", "t.mac_address_type")
                .string("IPv4AddressType", "'Dynamic'").string("IPv6AddressType", "'Dynamic'")
                .strings("IPv4Addresses", "t.ipv4_addresses").strings("IPv6Addresses", "''")
                .string("VirtualNetworkAdapterType", "'Synthetic'").bool("IsSynthetic", "TRUE")
                .int32("SlotId", "t.slot").bool("VLanEnabled", "FALSE").int16("VLanId", "0")
                .bool("MACAddressSpoofingEnabled", "FALSE").bool("MACAddressesSpoofingEnabled", "FALSE")
                .bool("Enabled", "TRUE").string("Accessibility", "'Public'")
                .build();
    }

    static SetMapping vmNetworks() {
        return new MappingBuilder("VMNetworks", "(SELECT n.*, l.name AS ln_name FROM vmm_vm_network n"
                + " JOIN vmm_logical_network l ON l.id = n.logical_network_id)")
                .guid("ID", "t.id").guid("StampId", "t.stamp_id").string("Name", "t.name")
                .string("Description", "t.description").string("IsolationType", "t.isolation_type")
                .guid("LogicalNetworkId", "t.logical_network_id").string("LogicalNetworkName", "t.ln_name")
                .string("PAIPAddressPoolType", "'IPV4'").string("CAIPAddressPoolType", "'IPV4'")
                .bool("AutoCreateSubnet", "TRUE").bool("IsAssigned", "TRUE").bool("Enabled", "TRUE")
                .owner().json("GrantedToList", "t.granted_json")
                .time("AddedTime", "t.added").time("ModifiedTime", "t.modified")
                .build();
    }

    static SetMapping logicalNetworks() {
        return new MappingBuilder("LogicalNetworks", "vmm_logical_network")
                .guid("ID", "t.id").guid("StampId", "t.stamp_id").string("Name", "t.name")
                .string("Description", "t.description").bool("NetworkVirtualizationEnabled", "t.nv_enabled")
                .build();
    }

    static SetMapping virtualDiskDrives() {
        return new MappingBuilder("VirtualDiskDrives", "(SELECT d.*, v.location AS vhd_location, v.name AS vhd_name,"
                + " v.max_bytes AS vhd_max FROM vmm_disk_drive d JOIN vmm_vhd v ON v.id = d.vhd_id)")
                .guid("ID", "t.id").guid("StampId", "t.stamp_id").guid("VMId", "t.vm_id")
                .guid("VirtualHardDiskId", "t.vhd_id").string("BusType", "t.bus_type")
                .byteValue("Bus", "t.bus").byteValue("LUN", "t.lun")
                .bool("IDE", "(t.bus_type = 'IDE')").bool("SCSI", "(t.bus_type = 'SCSI')").bool("IsVHD", "TRUE")
                .string("Name", "t.vhd_name").string("FileName", "t.vhd_name").string("Path", "t.vhd_location")
                .int64("Size", "t.vhd_max").string("VolumeType", "CASE WHEN t.bus = 0 AND t.lun = 0 AND t.bus_type = 'IDE'"
                        + " THEN 'BootAndSystem' ELSE 'None' END")
                .bool("Enabled", "TRUE").string("Accessibility", "'Public'")
                .build();
    }

    static SetMapping virtualDvdDrives() {
        return new MappingBuilder("VirtualDVDDrives", "vmm_dvd_drive")
                .guid("ID", "t.id").guid("StampId", "t.stamp_id").guid("VMId", "t.vm_id")
                .string("BusType", "t.bus_type").byteValue("Bus", "t.bus").byteValue("LUN", "t.lun")
                .string("Name", "'DVD Drive'").string("Connection", "'None'").bool("ISOLinked", "FALSE")
                .bool("Enabled", "TRUE").string("Accessibility", "'Public'")
                .build();
    }

    static SetMapping virtualScsiAdapters() {
        return new MappingBuilder("VirtualSCSIAdapters", "vmm_scsi_adapter")
                .guid("ID", "t.id").guid("StampId", "t.stamp_id").guid("VMId", "t.vm_id")
                .string("Name", "'SCSI Adapter'").byteValue("AdapterID", "t.slot").byteValue("Bus", "t.slot")
                .bool("Shared", "FALSE").string("SCSIControllerType", "'DefaultTypeNoType'")
                .bool("Enabled", "TRUE").string("Accessibility", "'Public'")
                .build();
    }

    static SetMapping vmCheckPoints() {
        return new MappingBuilder("VMCheckPoints", "vmm_checkpoint")
                .guid("ID", "t.id").guid("StampId", "t.stamp_id").guid("VMId", "t.vm_id")
                .guid("CheckpointID", "t.id").guid("ParentCheckpointID", "t.parent_id")
                .string("Name", "t.name").string("Description", "t.description")
                .bool("Enabled", "TRUE").string("Accessibility", "'Public'")
                .time("AddedTime", "t.added").time("ModifiedTime", "t.modified")
                .build();
    }
}
