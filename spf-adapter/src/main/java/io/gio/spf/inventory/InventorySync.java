package io.gio.spf.inventory;

import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.DiskFormat;
import io.gio.cluster.spi.FabricNetwork;
import io.gio.cluster.spi.Stamp;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/** Copies the fabric's stamps and logical networks into the VMM view (VMM's "refresh"). */
public final class InventorySync {

    private final Jdbi jdbi;
    private final ClusterDriver driver;

    public InventorySync(Jdbi jdbi, ClusterDriver driver) {
        this.jdbi = jdbi;
        this.driver = driver;
    }

    public void run() {
        jdbi.useTransaction(h -> {
            for (Stamp s : driver.stamps()) {
                String formats = s.generation().diskFormats().stream().map(DiskFormat::name).sorted()
                        .collect(Collectors.joining(","));
                int updated = h.createUpdate("UPDATE vmm_stamp SET name = :name, generation = :gen, hypervisor = :hv,"
                                + " max_cpu = :cpu, max_memory_mb = :mem, disk_formats = :fmt, network_qos = :nq, storage_qos = :sq"
                                + " WHERE id = :id")
                        .bind("nq", s.generation().networkQos()).bind("sq", s.generation().storageQos())
                        .bind("id", s.id()).bind("name", s.name()).bind("gen", s.generation().name())
                        .bind("hv", s.generation().hypervisor()).bind("cpu", s.generation().maxCpuPerVm())
                        .bind("mem", s.generation().maxMemoryMbPerVm()).bind("fmt", formats).execute();
                if (updated == 0) {
                    h.createUpdate("INSERT INTO vmm_stamp (id, name, generation, hypervisor, max_cpu, max_memory_mb,"
                                    + " disk_formats, network_qos, storage_qos) VALUES (:id, :name, :gen, :hv, :cpu, :mem, :fmt, :nq, :sq)")
                            .bind("nq", s.generation().networkQos()).bind("sq", s.generation().storageQos())
                            .bind("id", s.id()).bind("name", s.name()).bind("gen", s.generation().name())
                            .bind("hv", s.generation().hypervisor()).bind("cpu", s.generation().maxCpuPerVm())
                            .bind("mem", s.generation().maxMemoryMbPerVm()).bind("fmt", formats).execute();
                }
                for (FabricNetwork n : driver.networks(s.id())) {
                    int u = h.createUpdate("UPDATE vmm_logical_network SET name = :name, nv_enabled = :nv, subnet = :subnet"
                                    + " WHERE id = :id")
                            .bind("id", n.id()).bind("name", n.name()).bind("nv", n.networkVirtualization())
                            .bind("subnet", n.subnet()).execute();
                    if (u == 0) {
                        h.createUpdate("INSERT INTO vmm_logical_network (id, stamp_id, name, description, nv_enabled,"
                                        + " subnet) VALUES (:id, :stamp, :name, :desc, :nv, :subnet)")
                                .bind("id", n.id()).bind("stamp", s.id()).bind("name", n.name())
                                .bind("desc", n.name() + " (" + n.subnet() + ")").bind("nv", n.networkVirtualization())
                                .bind("subnet", n.subnet()).execute();
                    }
                }
            }
        });
    }
}
