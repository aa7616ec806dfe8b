package io.gio.cluster.sim;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Names and IDs of the demo topology ({@code gio.cluster.sim.topology=demo}), so that
 * documentation and tests can name its objects. IDs are name-based UUIDs of stable names, the
 * same in every database.
 *
 * <ul>
 * <li>{@value #V1_STAMP_NAME}: Windows Server 2008 R2 / Hyper-V 2.0; clusters V1-CL01 and V1-CL02
 * of 16 hosts each (V1-CL01-N01..N16); per cluster four CSVs on iSCSI (V1-CL01-CSV1..4 at
 * {@code C:\ClusterStorage\Volume1..4}).</li>
 * <li>{@value #V2_STAMP_NAME}: Windows Server 2012 R2; cluster V2-CL01 of 16 hosts; SMB 3.0 shares
 * V2-SOFS-VMSTORE1 and V2-SOFS-VMSTORE2 ({@code \\gio-v2-sofs\vmstore1}, {@code vmstore2}).</li>
 * <li>One 10 Gbps link from {@value #V1_STAMP_NAME} to {@value #V2_STAMP_NAME}; on each stamp the
 * logical networks {@value #TENANT_NETWORK} and {@value #INTERNET}.</li>
 * </ul>
 */
public final class SimTopology {

    public static final String V1_STAMP_NAME = "GIO-V1";
    public static final String V2_STAMP_NAME = "GIO-V2";
    public static final UUID V1_STAMP_ID = id("stamp", V1_STAMP_NAME);
    public static final UUID V2_STAMP_ID = id("stamp", V2_STAMP_NAME);
    public static final String V1_V2_LINK_NAME = V1_STAMP_NAME + " <-> " + V2_STAMP_NAME;
    public static final UUID V1_V2_LINK_ID = id("link", V1_V2_LINK_NAME);
    public static final String TENANT_NETWORK = "Tenant Network";
    public static final String INTERNET = "Internet";

    private SimTopology() {
    }

    /** A demo host, by name, e.g. {@code V1-CL01-N01}. */
    public static UUID hostId(String hostName) {
        return id("host", hostName);
    }

    /** A demo volume, by name, e.g. {@code V1-CL01-CSV1} or {@code V2-SOFS-VMSTORE1}. */
    public static UUID volumeId(String volumeName) {
        return id("volume", volumeName);
    }

    /** A demo logical network, by stamp name and network name. */
    public static UUID networkId(String stampName, String networkName) {
        return id("network", stampName + "/" + networkName);
    }

    static UUID id(String kind, String name) {
        return UUID.nameUUIDFromBytes(("gio-sim:" + kind + ":" + name).getBytes(StandardCharsets.UTF_8));
    }
}
