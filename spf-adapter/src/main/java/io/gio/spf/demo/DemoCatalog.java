package io.gio.spf.demo;

import static io.gio.spf.store.SpfStore.utc;

import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.Stamp;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** The VM templates and hardware profiles of the demo, per stamp. */
final class DemoCatalog {

    private static final long GIB = 1L << 30;

    record Template(String key, String name, String osName, String osType, String osVersion, String edition,
            int cpu, int memoryMb, long maxBytes, long usedBytes) {}

    record Profile(String key, String name, int cpu, int memoryMb) {}

    static final List<Template> TEMPLATES = List.of(
            new Template("ws2008r2", "Windows Server 2008 R2 Datacenter SP1", "Windows Server 2008 R2 Datacenter",
                    "Windows", "6.1.7601", "Datacenter", 2, 4096, 40 * GIB, 11 * GIB),
            new Template("ws2012r2", "Windows Server 2012 R2 Datacenter", "Windows Server 2012 R2 Datacenter",
                    "Windows", "6.3.9600", "Datacenter", 2, 4096, 60 * GIB, 14 * GIB),
            new Template("centos7", "CentOS Linux 7 (64 bit)", "CentOS Linux 7 (64 bit)", "Linux", "7.9", null,
                    1, 2048, 20 * GIB, 3 * GIB));

    static final List<Profile> PROFILES = List.of(
            new Profile("small", "Small (1 vCPU, 1.75 GB)", 1, 1792),
            new Profile("medium", "Medium (2 vCPU, 3.5 GB)", 2, 3584),
            new Profile("large", "Large (4 vCPU, 7 GB)", 4, 7168),
            new Profile("xlarge", "Extra Large (8 vCPU, 14 GB)", 8, 14336),
            new Profile("xxlarge", "2X Large (16 vCPU, 56 GB)", 16, 57344),
            new Profile("huge", "Huge (32 vCPU, 112 GB)", 32, 114688));

    private DemoCatalog() {}

    static UUID id(String... parts) {
        return UUID.nameUUIDFromBytes(("gio-demo/" + String.join("/", parts)).getBytes(StandardCharsets.UTF_8));
    }

    static UUID templateId(Stamp stamp, String key) {
        return id(stamp.name(), "template", key);
    }

    static UUID libraryVhdId(Stamp stamp, String key) {
        return id(stamp.name(), "library-vhd", key);
    }

    static UUID profileId(Stamp stamp, String key) {
        return id(stamp.name(), "profile", key);
    }

    static Template template(String key) {
        return TEMPLATES.stream().filter(t -> t.key().equals(key)).findFirst().orElseThrow();
    }

    /** Inserts the templates and the profiles the stamp's generation can run. */
    static void insert(Handle h, Stamp stamp, Instant now) {
        boolean vhdx = stamp.generation().diskFormats().contains(DiskFormat.VHDX);
        int vmGeneration = vhdx ? 2 : 1;
        for (Template t : TEMPLATES) {
            String file = t.key().toUpperCase(java.util.Locale.ROOT) + "-base." + (vhdx ? "vhdx" : "vhd");
            String dir = "\\\\gio-library\\MSSCVMMLibrary\\VHDs";
            h.createUpdate("INSERT INTO vmm_vhd (id, stamp_id, vm_id, name, location, directory, vhd_type, format,"
                            + " size_bytes, max_bytes, os_name, library, added, modified) VALUES (:id, :stamp, NULL, :name,"
                            + " :loc, :dir, 'DynamicallyExpanding', :fmt, :used, :max, :os, TRUE, :now, :now)")
                    .bind("id", libraryVhdId(stamp, t.key())).bind("stamp", stamp.id()).bind("name", file)
                    .bind("loc", dir + "\\" + file).bind("dir", dir).bind("fmt", vhdx ? "VHDX" : "VHD")
                    .bind("used", t.usedBytes()).bind("max", t.maxBytes()).bind("os", t.osName())
                    .bind("now", utc(now)).execute();
            h.createUpdate("INSERT INTO vmm_template (id, stamp_id, name, description, os_name, os_type, os_version,"
                            + " os_edition, cpu_count, memory_mb, disk_format, disk_max_bytes, disk_used_bytes,"
                            + " vm_generation, nic_count, vhd_id, added) VALUES (:id, :stamp, :name, :desc, :os, :osType,"
                            + " :osVer, :ed, :cpu, :mem, :fmt, :max, :used, :gen, 1, :vhd, :now)")
                    .bind("vhd", libraryVhdId(stamp, t.key()))
                    .bind("id", templateId(stamp, t.key())).bind("stamp", stamp.id()).bind("name", t.name())
                    .bind("desc", t.name() + " on " + stamp.name() + " (" + (vhdx ? "VHDX" : "VHD") + ")")
                    .bind("os", t.osName()).bind("osType", t.osType()).bind("osVer", t.osVersion())
                    .bind("ed", t.edition()).bind("cpu", (short) t.cpu()).bind("mem", t.memoryMb())
                    .bind("fmt", vhdx ? "VHDX" : "VHD").bind("max", t.maxBytes()).bind("used", t.usedBytes())
                    .bind("gen", t.osType().equals("Windows") && t.key().equals("ws2008r2") ? 1 : vmGeneration)
                    .bind("now", utc(now)).execute();
        }
        for (Profile p : PROFILES) {
            if (p.cpu() > stamp.generation().maxCpuPerVm()) {
                continue;
            }
            h.createUpdate("INSERT INTO vmm_hardware_profile (id, stamp_id, name, description, cpu_count, memory_mb,"
                            + " dyn_memory, vm_generation, added) VALUES (:id, :stamp, :name, :desc, :cpu, :mem, FALSE,"
                            + " :gen, :now)")
                    .bind("id", profileId(stamp, p.key())).bind("stamp", stamp.id()).bind("name", p.name())
                    .bind("desc", p.name() + " on " + stamp.name()).bind("cpu", (short) p.cpu())
                    .bind("mem", p.memoryMb()).bind("gen", vmGeneration).bind("now", utc(now)).execute();
        }
    }
}
