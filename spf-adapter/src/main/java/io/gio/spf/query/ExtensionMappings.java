package io.gio.spf.query;

import java.util.List;

/**
 * Where the {@code GIO} extension sets are stored: screenshots (one per VM, the image itself comes
 * from the fabric on request), backups, the QoS settings of adapters and disks, and migrations
 * ({@link MigrationMappings}).
 */
final class ExtensionMappings {
    private ExtensionMappings() {}

    static List<SetMapping> all() {
        List<SetMapping> all = new java.util.ArrayList<>(List.of(vmScreenshots(), vmBackups(), networkAdapterQos(),
                diskQos()));
        all.addAll(MigrationMappings.all());
        return all;
    }

    /** One screenshot per VM; {@code Image} is a named stream whose value is its content type. */
    static SetMapping vmScreenshots() {
        return new MappingBuilder("VMScreenshots", "vmm_vm")
                .guid("VMId", "t.id").guid("StampId", "t.stamp_id").string("VMName", "t.name")
                .string("Status", "t.status").string("Image", "'image/png'")
                .build();
    }

    static SetMapping vmBackups() {
        return new MappingBuilder("VMBackups", "gio_backup")
                .guid("ID", "t.id").guid("StampId", "t.stamp_id").guid("VMId", "t.vm_id")
                .string("VMName", "t.vm_name").string("Name", "t.name").string("Description", "t.description")
                .string("Status", "t.status").string("Consistency", "t.consistency")
                .int64("SizeBytes", "t.size_bytes").int32("RetentionDays", "t.retention_days")
                .time("CreationTime", "t.created").time("CompletionTime", "t.completed")
                .time("ExpiryTime", "t.expires").guid("MostRecentTaskId", "t.most_recent_task_id")
                .build();
    }

    static SetMapping networkAdapterQos() {
        return new MappingBuilder("VirtualNetworkAdapterQoS", "vmm_nic")
                .guid("ID", "t.id").guid("StampId", "t.stamp_id").guid("VMId", "t.vm_id").string("Name", "t.name")
                .bool("Supported", "(SELECT s.network_qos FROM vmm_stamp s WHERE s.id = t.stamp_id)")
                .int64("MaximumBandwidthMbps", "t.qos_max_mbps").int64("MinimumBandwidthMbps", "t.qos_min_mbps")
                .build();
    }

    static SetMapping diskQos() {
        return new MappingBuilder("VirtualHardDiskQoS", "(SELECT * FROM vmm_vhd WHERE vm_id IS NOT NULL)")
                .guid("ID", "t.id").guid("StampId", "t.stamp_id").guid("VMId", "t.vm_id").string("Name", "t.name")
                .bool("Supported", "(SELECT s.storage_qos FROM vmm_stamp s WHERE s.id = t.stamp_id)")
                .int64("MaximumIops", "t.qos_max_iops").int64("MinimumIops", "t.qos_min_iops")
                .build();
    }
}
