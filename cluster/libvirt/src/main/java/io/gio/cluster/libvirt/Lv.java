package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import org.libvirt.Domain;
import org.libvirt.DomainSnapshot;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.Network;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.libvirt.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls into libvirt: every {@link LibvirtException} becomes a {@link ClusterException} whose
 * code follows libvirt's error number, and libvirt objects are freed when no longer needed (each
 * holds a reference on its connection).
 */
final class Lv {

    private static final Logger LOG = LoggerFactory.getLogger(Lv.class);

    /** A call that may fail in libvirt. */
    @FunctionalInterface
    interface Call<T> {
        T call() throws LibvirtException;
    }

    /** A call without a result. */
    @FunctionalInterface
    interface Action {
        void run() throws LibvirtException;
    }

    private Lv() {
    }

    /** Runs the call; {@code what} says what was attempted ("start the VM web01"). */
    static <T> T call(String what, Call<T> call) {
        try {
            return call.call();
        } catch (LibvirtException e) {
            throw translate(what, e);
        }
    }

    static void run(String what, Action action) {
        call(what, () -> {
            action.run();
            return null;
        });
    }

    static ClusterException translate(String what, LibvirtException e) {
        ErrorNumber number = number(e);
        ClusterErrorCode code = switch (number) {
            case VIR_ERR_NO_DOMAIN, VIR_ERR_NO_NETWORK, VIR_ERR_NO_STORAGE_POOL, VIR_ERR_NO_STORAGE_VOL,
                    VIR_ERR_NO_DOMAIN_SNAPSHOT -> ClusterErrorCode.NOT_FOUND;
            case VIR_ERR_OPERATION_INVALID -> ClusterErrorCode.INVALID_STATE;
            case VIR_ERR_NO_SUPPORT, VIR_ERR_CONFIG_UNSUPPORTED, VIR_ERR_ARGUMENT_UNSUPPORTED -> ClusterErrorCode.UNSUPPORTED;
            case VIR_ERR_INVALID_ARG, VIR_ERR_INVALID_MAC -> ClusterErrorCode.INVALID_ARGUMENT;
            default -> ClusterErrorCode.FABRIC_FAILURE;
        };
        String detail = e.getError() != null && e.getError().getMessage() != null ? e.getError().getMessage()
                : String.valueOf(e.getMessage());
        return new ClusterException(code, "libvirt could not " + what + ": " + detail, e);
    }

    static boolean is(LibvirtException e, ErrorNumber number) {
        return number(e) == number;
    }

    static ErrorNumber number(LibvirtException e) {
        return e.getError() == null || e.getError().getCode() == null ? ErrorNumber.VIR_ERR_UNKNOWN
                : e.getError().getCode();
    }

    static void free(Domain d) {
        quietly(d == null ? null : d::free);
    }

    static void free(Network n) {
        quietly(n == null ? null : n::free);
    }

    static void free(StoragePool p) {
        quietly(p == null ? null : p::free);
    }

    static void free(StorageVol v) {
        quietly(v == null ? null : v::free);
    }

    static void free(DomainSnapshot s) {
        quietly(s == null ? null : s::free);
    }

    static void free(Stream s) {
        quietly(s == null ? null : s::free);
    }

    private interface Freeing {
        int free() throws LibvirtException;
    }

    private static void quietly(Freeing f) {
        if (f == null) {
            return;
        }
        try {
            f.free();
        } catch (LibvirtException | RuntimeException e) {
            LOG.debug("Freeing a libvirt object failed", e);
        }
    }
}
