package io.gio.spf.query;

import java.util.List;

/**
 * Where the {@code GIO} migration sets are stored: the engine's state ({@code mig_migration},
 * {@code mig_event}) joined with the VMM-side facts the adapter keeps per migration
 * ({@code gio_migration}: clouds, subscription, jobs). A migration the adapter has no facts for is
 * not listed. Keys: {@code ID} and {@code StampId} (the source stamp).
 *
 * <p>An event's {@code ID} is derived from its migration's ID and its sequence number (the first
 * 24 characters of the migration's ID, then the number in 12 digits), in portable SQL.
 */
final class MigrationMappings {
    private MigrationMappings() {}

    static final String MIGRATIONS = "(SELECT m.*, g.source_cloud_id, g.target_cloud_id FROM mig_migration m"
            + " JOIN gio_migration g ON g.id = m.id)";

    static final String EVENTS = "(SELECT CAST(CONCAT(SUBSTRING(CAST(e.migration_id AS VARCHAR(36)), 1, 24),"
            + " LPAD(CAST(e.seq AS VARCHAR(12)), 12, '0')) AS UUID) AS id, e.migration_id, e.seq, e.at, e.state,"
            + " e.message, g.source_stamp_id, g.source_cloud_id, g.target_cloud_id FROM mig_event e"
            + " JOIN gio_migration g ON g.id = e.migration_id)";

    static List<SetMapping> all() {
        return List.of(migrations(), migrationEvents());
    }

    static SetMapping migrations() {
        return new MappingBuilder("Migrations", MIGRATIONS)
                .guid("ID", "t.id").guid("StampId", "t.source_stamp_id").guid("VMId", "t.vm_id")
                .guid("TargetCloudId", "t.target_cloud_id").guid("TargetVMId", "t.target_vm_id")
                .string("Strategy", "t.strategy").bool("ConvertToVhdx", "t.convert_to_vhdx")
                .int32("TargetCPUCount", "t.target_cpu_count").int32("TargetMemoryMB", "t.target_memory_mb")
                .guid("TargetVolume", "t.target_volume_id").time("NotBefore", "t.not_before")
                .string("CutoverMode", "t.cutover_mode").string("State", "t.state").string("Phase", "t.phase")
                .int32("Progress", "t.progress")
                .int64("BytesTotal", "GREATEST(t.bytes_total, t.bytes_transferred)")
                .int64("BytesTransferred", "t.bytes_transferred")
                .time("EstimatedCompletion", "t.estimated_completion")
                .dbl("DowntimeSeconds", "CAST(t.downtime_millis AS DOUBLE PRECISION) / 1000")
                .string("Error", "t.error").time("CreationTime", "t.created")
                .nav("Events", "MigrationEvents", "t.id", "t.migration_id", true)
                .build();
    }

    static SetMapping migrationEvents() {
        return new MappingBuilder("MigrationEvents", EVENTS)
                .guid("ID", "t.id").guid("StampId", "t.source_stamp_id").guid("MigrationId", "t.migration_id")
                .int32("Seq", "t.seq").time("Time", "t.at").string("State", "t.state").string("Message", "t.message")
                .orderedBy("t.migration_id", "t.seq")
                .build();
    }
}
