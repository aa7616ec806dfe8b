package io.gio.cluster.libvirt;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The few libvirt calls libvirt-java 0.5.2 does not bind, bound here with JNA against the same
 * {@code libvirt.so.0}: DHCP host reservations ({@code virNetworkUpdate}) and live disk IOPS
 * limits ({@code virDomainSetBlockIoTune}). Errors surface as libvirt's last error.
 */
final class NativeCalls {

    private static final int UPDATE_ADD_LAST = 3;
    private static final int UPDATE_DELETE = 2;
    private static final int SECTION_IP_DHCP_HOST = 4;
    private static final int AFFECT_LIVE = 1;
    private static final int AFFECT_CONFIG = 2;
    private static final int TYPED_PARAM_ULLONG = 4;
    private static final int TYPED_PARAM_SIZE = 96;
    private static final int TYPED_PARAM_VALUE_OFFSET = 88;
    private static final int VIR_ERR_NO_SUPPORT = 3;
    private static final int VIR_ERR_OPERATION_INVALID = 55;

    /** The native functions. */
    interface Virt extends com.sun.jna.Library {
        Pointer virNetworkLookupByName(Pointer conn, String name);

        int virNetworkIsActive(Pointer net);

        int virNetworkIsPersistent(Pointer net);

        int virNetworkUpdate(Pointer net, int command, int section, int parentIndex, String xml, int flags);

        int virNetworkFree(Pointer net);

        Pointer virDomainLookupByUUIDString(Pointer conn, String uuid);

        int virDomainSetBlockIoTune(Pointer dom, String disk, Pointer params, int nparams, int flags);

        int virDomainFree(Pointer dom);

        Pointer virGetLastErrorMessage();

        Pointer virGetLastError();
    }

    private static volatile Virt virt;

    private NativeCalls() {
    }

    private static Virt virt() {
        if (virt == null) {
            synchronized (NativeCalls.class) {
                if (virt == null) {
                    virt = Native.load("virt", Virt.class);
                }
            }
        }
        return virt;
    }

    /** Adds a {@code <host mac ip>} reservation to a network's DHCP, live and in its configuration. */
    static void reserve(HostConnection.NativeConnect c, String network, String mac, String ip) {
        update(c, network, UPDATE_ADD_LAST, "<host mac='" + mac + "' ip='" + ip + "'/>", "reserve " + ip + " for " + mac);
    }

    /** Removes a reservation added by {@link #reserve}. */
    static void release(HostConnection.NativeConnect c, String network, String mac, String ip) {
        update(c, network, UPDATE_DELETE, "<host mac='" + mac + "' ip='" + ip + "'/>", "release " + ip + " of " + mac);
    }

    /** Sets a running domain's total IOPS limit on a disk (0 removes it), counted in 8 KiB units. */
    static void setTotalIops(HostConnection.NativeConnect c, UUID domain, String target, long iops) {
        Virt v = virt();
        Pointer dom = v.virDomainLookupByUUIDString(c.pointer(), domain.toString());
        if (dom == null) {
            throw failure("find the domain " + domain);
        }
        try {
            Memory params = new Memory(2L * TYPED_PARAM_SIZE);
            params.clear();
            field(params, 0, "total_iops_sec", iops);
            field(params, TYPED_PARAM_SIZE, "size_iops_sec", iops == 0 ? 0 : 8192);
            if (v.virDomainSetBlockIoTune(dom, target, params, 2, AFFECT_LIVE) < 0) {
                throw failure("set the IOPS limit of " + target);
            }
        } finally {
            v.virDomainFree(dom);
        }
    }

    private static void field(Memory params, long offset, String name, long value) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        params.write(offset, bytes, 0, bytes.length);
        params.setInt(offset + 80, TYPED_PARAM_ULLONG);
        params.setLong(offset + TYPED_PARAM_VALUE_OFFSET, value);
    }

    private static void update(HostConnection.NativeConnect c, String network, int command, String xml, String what) {
        Virt v = virt();
        Pointer net = v.virNetworkLookupByName(c.pointer(), network);
        if (net == null) {
            throw failure("find the network " + network);
        }
        try {
            int flags = (v.virNetworkIsActive(net) == 1 ? AFFECT_LIVE : 0)
                    | (v.virNetworkIsPersistent(net) == 1 ? AFFECT_CONFIG : 0);
            if (v.virNetworkUpdate(net, command, SECTION_IP_DHCP_HOST, -1, xml, flags) < 0) {
                throw failure(what + " in the network " + network);
            }
        } finally {
            v.virNetworkFree(net);
        }
    }

    /** libvirt's last error: UNSUPPORTED for VIR_ERR_NO_SUPPORT (the driver lacks the call), else FABRIC_FAILURE. */
    static ClusterException failure(String what) {
        Pointer message = virt().virGetLastErrorMessage();
        String text = message == null ? "unknown error" : message.getString(0);
        Pointer error = virt().virGetLastError();
        int code = error == null ? 0 : error.getInt(0);
        ClusterErrorCode mapped = code == VIR_ERR_NO_SUPPORT ? ClusterErrorCode.UNSUPPORTED
                : code == VIR_ERR_OPERATION_INVALID ? ClusterErrorCode.INVALID_STATE : ClusterErrorCode.FABRIC_FAILURE;
        return new ClusterException(mapped, "libvirt could not " + what + ": " + text);
    }
}
