package io.gio.spf.inventory;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.FabricTemplate;
import io.gio.cluster.spi.Stamp;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Copies the templates the fabric offers ({@link ClusterDriver#templates}) into the VMM view's
 * {@code VMTemplates}, as VMM lists a library's templates: one per stamp, updated on every refresh,
 * and removed when the fabric no longer offers it. Templates of the VMM catalog itself (the demo's)
 * are left alone. Plans offer a template by its ID like any other.
 */
public final class TemplateSync {

    private final Jdbi jdbi;
    private final ClusterDriver driver;
    private final Clock clock;

    public TemplateSync(Jdbi jdbi, ClusterDriver driver, Clock clock) {
        this.jdbi = jdbi;
        this.driver = driver;
        this.clock = clock;
    }

    public void run() {
        List<FabricTemplate> offered = new ArrayList<>();
        for (Stamp s : driver.stamps()) {
            offered.addAll(driver.templates(s.id()));
        }
        jdbi.useTransaction(h -> {
            List<UUID> ids = offered.stream().map(FabricTemplate::id).toList();
            for (UUID stale : h.createQuery("SELECT id FROM vmm_template WHERE fabric_template").mapTo(UUID.class).list()) {
                if (!ids.contains(stale)) {
                    h.createUpdate("DELETE FROM vmm_template WHERE id = :id").bind("id", stale).execute();
                }
            }
            offered.forEach(t -> upsert(h, t));
        });
    }

    private void upsert(Handle h, FabricTemplate t) {
        String stamp = driver.stamps().stream().filter(s -> s.id().equals(t.stampId())).map(Stamp::name).findFirst()
                .orElse("its stamp");
        int updated = h.createUpdate("UPDATE vmm_template SET name = :name, description = :desc, os_name = :os,"
                        + " os_type = :osType, cpu_count = :cpu, memory_mb = :mem, disk_format = :fmt,"
                        + " disk_max_bytes = :max, disk_used_bytes = :used, vm_generation = :gen"
                        + " WHERE id = :id AND fabric_template")
                .bindMap(values(t, stamp)).execute();
        if (updated == 0) {
            h.createUpdate("INSERT INTO vmm_template (id, stamp_id, name, description, os_name, os_type, os_version,"
                            + " cpu_count, memory_mb, disk_format, disk_max_bytes, disk_used_bytes, vm_generation,"
                            + " nic_count, added, fabric_template) VALUES (:id, :stamp, :name, :desc, :os, :osType, '',"
                            + " :cpu, :mem, :fmt, :max, :used, :gen, 1, :now, TRUE)")
                    .bindMap(values(t, stamp)).bind("stamp", t.stampId())
                    .bind("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).execute();
        }
    }

    private static java.util.Map<String, Object> values(FabricTemplate t, String stamp) {
        java.util.Map<String, Object> v = new java.util.HashMap<>();
        v.put("id", t.id());
        v.put("name", t.name());
        v.put("desc", t.name() + " on " + stamp + " (the fabric's image)");
        v.put("os", t.osName());
        v.put("osType", t.osName().toLowerCase(Locale.ROOT).contains("windows") ? "Windows" : "Linux");
        v.put("cpu", (short) t.cpuCount());
        v.put("mem", t.memoryMb());
        v.put("fmt", t.format().name());
        v.put("max", t.maxBytes());
        v.put("used", t.usedBytes());
        v.put("gen", t.format() == DiskFormat.VHDX ? 2 : 1);
        return v;
    }
}
