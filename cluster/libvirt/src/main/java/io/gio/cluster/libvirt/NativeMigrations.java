package io.gio.cluster.libvirt;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The calls of a live migration that libvirt-java 0.5.2 does not bind: the migration itself with
 * typed parameters ({@code virDomainMigrate3}: libvirt-java's {@code virDomainMigrate2} cannot
 * give the target its persistent configuration), the bandwidth of a running migration
 * ({@code virDomainMigrateSetMaxSpeed}) and a job's statistics
 * ({@code virDomainGetJobStats}: bytes of disks and memory, and, of a completed migration, the
 * downtime QEMU measured). Bound with JNA against the same {@code libvirt.so.0}.
 */
final class NativeMigrations {

    /** VIR_DOMAIN_JOB_STATS_COMPLETED: the statistics of the last completed job. */
    static final int STATS_COMPLETED = 1;
    private static final int TYPED_PARAM_SIZE = 96;
    private static final int TYPED_PARAM_TYPE_OFFSET = 80;
    private static final int TYPED_PARAM_VALUE_OFFSET = 88;
    private static final int TYPED_PARAM_ULLONG = 4;
    private static final int TYPED_PARAM_STRING = 7;

    /** The native functions. */
    interface Virt extends com.sun.jna.Library {
        Pointer virDomainMigrate3(Pointer dom, Pointer dconn, Pointer params, int nparams, int flags);

        int virDomainMigrateSetMaxSpeed(Pointer dom, NativeLong bandwidthMiBs, int flags);

        int virDomainGetJobStats(Pointer dom, IntByReference type, PointerByReference params, IntByReference nparams,
                int flags);

        void virTypedParamsFree(Pointer params, int nparams);

        int virDomainFree(Pointer dom);
    }

    private static volatile Virt virt;

    private NativeMigrations() {
    }

    private static Virt virt() {
        if (virt == null) {
            synchronized (NativeMigrations.class) {
                if (virt == null) {
                    virt = Native.load("virt", Virt.class);
                }
            }
        }
        return virt;
    }

    /**
     * Migrates the domain to the target connection and returns when it runs there: the target's
     * live and persistent configuration are {@code xml}, QEMU's data goes to {@code uri} (null: the
     * target's host name), at {@code mibPerSecond}.
     */
    static void migrate(HostConnection.NativeConnect source, UUID domain, HostConnection.NativeConnect target,
            String xml, String uri, long mibPerSecond, int flags) {
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        values.put("destination_xml", xml);
        values.put("persistent_xml", xml);
        if (uri != null) {
            values.put("migrate_uri", uri);
        }
        values.put("bandwidth", Math.max(1, mibPerSecond));
        com.sun.jna.Memory params = new com.sun.jna.Memory((long) values.size() * TYPED_PARAM_SIZE);
        params.clear();
        java.util.List<com.sun.jna.Memory> strings = new java.util.ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            long at = (long) i++ * TYPED_PARAM_SIZE;
            byte[] name = e.getKey().getBytes(StandardCharsets.US_ASCII);
            params.write(at, name, 0, name.length);
            if (e.getValue() instanceof Long n) {
                params.setInt(at + TYPED_PARAM_TYPE_OFFSET, TYPED_PARAM_ULLONG);
                params.setLong(at + TYPED_PARAM_VALUE_OFFSET, n);
            } else {
                byte[] text = ((String) e.getValue()).getBytes(StandardCharsets.UTF_8);
                com.sun.jna.Memory m = new com.sun.jna.Memory(text.length + 1L);
                m.write(0, text, 0, text.length);
                m.setByte(text.length, (byte) 0);
                strings.add(m);
                params.setInt(at + TYPED_PARAM_TYPE_OFFSET, TYPED_PARAM_STRING);
                params.setPointer(at + TYPED_PARAM_VALUE_OFFSET, m);
            }
        }
        NativeCopies.withDomain(source, domain, dom -> {
            Pointer moved = virt().virDomainMigrate3(dom, target.pointer(), params, values.size(), flags);
            if (moved == null) {
                throw NativeCalls.failure("live-migrate the domain " + domain);
            }
            virt().virDomainFree(moved);
            return strings.size(); // the strings stay reachable until the call returned
        });
    }

    /** Sets the bandwidth of the domain's running migration, in MiB/s (libvirt's unit). */
    static void setMaxSpeed(HostConnection.NativeConnect c, UUID domain, long mibPerSecond) {
        NativeCopies.withDomain(c, domain, dom -> {
            if (virt().virDomainMigrateSetMaxSpeed(dom, new NativeLong(Math.max(1, mibPerSecond)), 0) < 0) {
                throw NativeCalls.failure("set the bandwidth of the migration of " + domain);
            }
            return null;
        });
    }

    /**
     * The numeric statistics of the domain's current job, or of its last completed one: e.g.
     * {@code disk_total}, {@code disk_processed}, {@code memory_total}, {@code memory_processed},
     * {@code downtime} (milliseconds). Empty when there is no such job.
     */
    static Map<String, Long> jobStats(HostConnection.NativeConnect c, UUID domain, int flags) {
        return NativeCopies.withDomain(c, domain, dom -> {
            IntByReference type = new IntByReference();
            PointerByReference params = new PointerByReference();
            IntByReference count = new IntByReference();
            if (virt().virDomainGetJobStats(dom, type, params, count, flags) < 0) {
                throw NativeCalls.failure("read the job of " + domain);
            }
            Map<String, Long> out = new HashMap<>();
            Pointer p = params.getValue();
            if (p == null) {
                return out;
            }
            try {
                for (int i = 0; i < count.getValue(); i++) {
                    long at = (long) i * TYPED_PARAM_SIZE;
                    byte[] name = p.getByteArray(at, TYPED_PARAM_TYPE_OFFSET);
                    int end = 0;
                    while (end < name.length && name[end] != 0) {
                        end++;
                    }
                    Long value = switch (p.getInt(at + TYPED_PARAM_TYPE_OFFSET)) {
                        case 1, 2 -> (long) p.getInt(at + TYPED_PARAM_VALUE_OFFSET); // int, uint
                        case 3, 4 -> p.getLong(at + TYPED_PARAM_VALUE_OFFSET); // llong, ullong
                        default -> null;
                    };
                    if (value != null) {
                        out.put(new String(name, 0, end, StandardCharsets.US_ASCII), value);
                    }
                }
            } finally {
                virt().virTypedParamsFree(p, count.getValue());
            }
            return out;
        });
    }
}
