package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.Generation;
import io.gio.cluster.spi.VolumeKind;
import java.util.Locale;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes the demo topology described in {@link SimTopology} into empty sim tables. */
final class DemoTopology {

    private static final Logger LOG = LoggerFactory.getLogger(DemoTopology.class);
    private static final long GIB_IN_MB = 1024;
    private static final long TIB = 1L << 40;
    private static final long GBPS = 1_000_000_000L;
    private static final int HOSTS_PER_CLUSTER = 16;

    private final SimStore store;

    DemoTopology(SimStore store) {
        this.store = store;
    }

    /** Seeds the demo unless the fabric already has a stamp; true when it did. */
    boolean seedIfEmpty() {
        try {
            boolean seeded = store.write(h -> {
                long stamps = h.createQuery("SELECT COUNT(*) FROM sim_stamp").mapTo(Long.class).one();
                if (stamps > 0) {
                    return false;
                }
                write(h);
                return true;
            });
            if (seeded) {
                LOG.info("seeded the demo topology: stamps {} and {}", SimTopology.V1_STAMP_NAME,
                        SimTopology.V2_STAMP_NAME);
            }
            return seeded;
        } catch (ClusterException e) {
            if (SimStore.isDuplicateKey(e)) {
                return false; // another replica seeded it at the same moment
            }
            throw e;
        }
    }

    private void write(Handle h) {
        stamp(h, SimTopology.V1_STAMP_ID, SimTopology.V1_STAMP_NAME, Generation.ws2008r2());
        stamp(h, SimTopology.V2_STAMP_ID, SimTopology.V2_STAMP_NAME, Generation.ws2012r2());

        for (String cluster : new String[] {"V1-CL01", "V1-CL02"}) {
            hosts(h, SimTopology.V1_STAMP_ID, cluster, 24, 256 * GIB_IN_MB, 10 * GBPS);
            for (int n = 1; n <= 4; n++) {
                volume(h, SimTopology.V1_STAMP_ID, cluster + "-CSV" + n, VolumeKind.CSV_ISCSI,
                        "C:\\ClusterStorage\\Volume" + n, 8 * TIB, 20_000, 400_000_000L);
            }
        }
        hosts(h, SimTopology.V2_STAMP_ID, "V2-CL01", 32, 512 * GIB_IN_MB, 20 * GBPS);
        for (int n = 1; n <= 2; n++) {
            volume(h, SimTopology.V2_STAMP_ID, "V2-SOFS-VMSTORE" + n, VolumeKind.SMB3_SHARE,
                    "\\\\gio-v2-sofs\\vmstore" + n, 32 * TIB, 100_000, 1_500_000_000L);
        }

        network(h, SimTopology.V1_STAMP_NAME, SimTopology.V1_STAMP_ID, SimTopology.TENANT_NETWORK, true, "10.0.0.0/16");
        network(h, SimTopology.V1_STAMP_NAME, SimTopology.V1_STAMP_ID, SimTopology.INTERNET, false, "203.0.113.0/24");
        network(h, SimTopology.V2_STAMP_NAME, SimTopology.V2_STAMP_ID, SimTopology.TENANT_NETWORK, true, "10.0.0.0/16");
        network(h, SimTopology.V2_STAMP_NAME, SimTopology.V2_STAMP_ID, SimTopology.INTERNET, false, "198.51.100.0/24");

        h.createUpdate("INSERT INTO sim_link (id, from_stamp_id, to_stamp_id, name, bandwidth_bits_per_second)"
                        + " VALUES (:id, :from, :to, :name, :bps)")
                .bind("id", SimTopology.V1_V2_LINK_ID).bind("from", SimTopology.V1_STAMP_ID)
                .bind("to", SimTopology.V2_STAMP_ID).bind("name", SimTopology.V1_V2_LINK_NAME)
                .bind("bps", 10 * GBPS).execute();
    }

    private static void stamp(Handle h, UUID id, String name, Generation g) {
        h.createUpdate("INSERT INTO sim_stamp (id, name, generation_name, hypervisor, max_cpu_per_vm,"
                        + " max_memory_mb_per_vm, disk_formats, network_qos, storage_qos, live_storage_migration,"
                        + " shared_nothing_live_migration, online_vhdx_resize, online_export)"
                        + " VALUES (:id, :name, :gen, :hv, :cpu, :mem, :formats, :nqos, :sqos, :lsm, :snlm, :resize, :export)")
                .bind("id", id).bind("name", name).bind("gen", g.name()).bind("hv", g.hypervisor())
                .bind("cpu", g.maxCpuPerVm()).bind("mem", g.maxMemoryMbPerVm())
                .bind("formats", SimCodes.diskFormats(g.diskFormats()))
                .bind("nqos", g.networkQos()).bind("sqos", g.storageQos()).bind("lsm", g.liveStorageMigration())
                .bind("snlm", g.sharedNothingLiveMigration()).bind("resize", g.onlineVhdxResize())
                .bind("export", g.onlineExport()).execute();
    }

    private static void hosts(Handle h, UUID stampId, String cluster, int lps, long memoryMb, long nicBps) {
        PreparedBatch batch = h.prepareBatch("INSERT INTO sim_host (id, stamp_id, name, cluster_name,"
                + " logical_processors, memory_mb, allocated_memory_mb, nic_bits_per_second)"
                + " VALUES (:id, :stamp, :name, :cluster, :lps, :mem, 0, :bps)");
        for (int n = 1; n <= HOSTS_PER_CLUSTER; n++) {
            String name = cluster + String.format(Locale.ROOT, "-N%02d", n);
            batch.bind("id", SimTopology.hostId(name)).bind("stamp", stampId).bind("name", name)
                    .bind("cluster", cluster).bind("lps", lps).bind("mem", memoryMb).bind("bps", nicBps).add();
        }
        batch.execute();
    }

    private static void volume(Handle h, UUID stampId, String name, VolumeKind kind, String path,
            long capacity, int iops, long throughput) {
        h.createUpdate("INSERT INTO sim_volume (id, stamp_id, name, kind, path, capacity_bytes, used_bytes,"
                        + " max_iops, throughput_bytes_per_second)"
                        + " VALUES (:id, :stamp, :name, :kind, :path, :cap, 0, :iops, :tput)")
                .bind("id", SimTopology.volumeId(name)).bind("stamp", stampId).bind("name", name)
                .bind("kind", kind.name()).bind("path", path).bind("cap", capacity).bind("iops", iops)
                .bind("tput", throughput).execute();
    }

    private static void network(Handle h, String stampName, UUID stampId, String name, boolean nv, String subnet) {
        h.createUpdate("INSERT INTO sim_network (id, stamp_id, name, network_virtualization, subnet, ip_counter)"
                        + " VALUES (:id, :stamp, :name, :nv, :subnet, 0)")
                .bind("id", SimTopology.networkId(stampName, name)).bind("stamp", stampId).bind("name", name)
                .bind("nv", nv).bind("subnet", subnet).execute();
    }
}
