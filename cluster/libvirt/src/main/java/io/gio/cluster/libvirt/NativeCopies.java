package io.gio.cluster.libvirt;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import io.gio.cluster.spi.ClusterException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * The libvirt calls that copy disk content, which libvirt-java 0.5.2 does not bind: volume
 * download and upload over streams ({@code virStorageVolDownload}, {@code virStorageVolUpload},
 * {@code virStream*}), a volume's physical size ({@code virStorageVolGetInfoFlags}), and block
 * copy jobs of a running domain ({@code virDomainBlockCopy}, {@code virDomainGetBlockJobInfo},
 * {@code virDomainBlockJobSetSpeed}, {@code virDomainBlockJobAbort}). Bound with JNA against the
 * same {@code libvirt.so.0}; errors surface as libvirt's last error (UNSUPPORTED when the
 * connection's driver lacks the call, as libvirt's test driver does).
 */
final class NativeCopies {

    static final int COPY_REUSE_EXT = 1 << 1;
    static final int COPY_TRANSIENT_JOB = 1 << 2;
    static final int COPY_SYNCHRONOUS_WRITES = 1 << 3;
    private static final int JOB_ABORT_PIVOT = 1 << 1;
    private static final int BANDWIDTH_BYTES = 1;
    private static final int VOL_GET_PHYSICAL = 1;
    private static final int TYPED_PARAM_ULLONG = 4;
    private static final int TYPED_PARAM_SIZE = 96;
    private static final int TYPED_PARAM_VALUE_OFFSET = 88;

    /** The native functions. */
    interface Virt extends com.sun.jna.Library {
        Pointer virStreamNew(Pointer conn, int flags);

        int virStreamRecv(Pointer stream, byte[] data, NativeLong nbytes);

        int virStreamSend(Pointer stream, byte[] data, NativeLong nbytes);

        int virStreamFinish(Pointer stream);

        int virStreamAbort(Pointer stream);

        int virStreamFree(Pointer stream);

        Pointer virStorageVolLookupByPath(Pointer conn, String path);

        int virStorageVolDownload(Pointer vol, Pointer stream, long offset, long length, int flags);

        int virStorageVolUpload(Pointer vol, Pointer stream, long offset, long length, int flags);

        int virStorageVolGetInfoFlags(Pointer vol, Pointer info, int flags);

        int virStorageVolFree(Pointer vol);

        Pointer virDomainLookupByUUIDString(Pointer conn, String uuid);

        int virDomainBlockCopy(Pointer dom, String disk, String destxml, Pointer params, int nparams, int flags);

        int virDomainGetBlockJobInfo(Pointer dom, String disk, Pointer info, int flags);

        int virDomainBlockJobSetSpeed(Pointer dom, String disk, NativeLong bandwidth, int flags);

        int virDomainBlockJobAbort(Pointer dom, String disk, int flags);

        int virDomainFree(Pointer dom);

    }

    /** A block job's progress: {@code cur} of {@code end} bytes, at {@code bandwidth} bytes per second. */
    record BlockJob(long cur, long end, long bandwidth) {
        boolean ready() {
            return end > 0 && cur == end;
        }
    }

    private static volatile Virt virt;

    private NativeCopies() {
    }

    private static Virt virt() {
        if (virt == null) {
            synchronized (NativeCopies.class) {
                if (virt == null) {
                    virt = Native.load("virt", Virt.class);
                }
            }
        }
        return virt;
    }

    /** A volume's file size on its host (not its virtual size). */
    static long physicalBytes(HostConnection.NativeConnect c, String path) {
        Pointer vol = volume(c, path);
        try {
            Memory info = new Memory(24);
            if (virt().virStorageVolGetInfoFlags(vol, info, VOL_GET_PHYSICAL) < 0) {
                throw failure("read the size of " + path);
            }
            return info.getLong(16);
        } finally {
            virt().virStorageVolFree(vol);
        }
    }

    /** A stream reading a whole volume from its host; close it when done. */
    static Stream download(HostConnection.NativeConnect c, String path) {
        return open(c, path, true, 0, 0);
    }

    /** Up to {@code length} bytes of a volume from {@code offset}; fewer where the file ends. */
    static byte[] read(HostConnection.NativeConnect c, String path, long offset, int length) {
        byte[] out = new byte[length];
        int got = 0;
        try (Stream in = open(c, path, true, offset, length)) {
            byte[] buffer = new byte[Math.min(length, 1 << 20)];
            int n;
            while (got < length && (n = in.read(buffer)) > 0) {
                int take = Math.min(n, length - got);
                System.arraycopy(buffer, 0, out, got, take);
                got += take;
            }
        }
        return got == length ? out : java.util.Arrays.copyOf(out, got);
    }

    /** Writes {@code bytes} into a volume at {@code offset}; the rest of the file stays as it is. */
    static void write(HostConnection.NativeConnect c, String path, long offset, byte[] bytes) {
        try (Stream out = open(c, path, false, offset, bytes.length)) {
            out.write(bytes, bytes.length);
            out.finish();
        }
    }

    /** A stream replacing a volume's content from offset 0; {@link Stream#finish} it when all is sent. */
    static Stream upload(HostConnection.NativeConnect c, String path) {
        return open(c, path, false, 0, 0);
    }

    private static Stream open(HostConnection.NativeConnect c, String path, boolean download, long offset,
            long length) {
        Virt v = virt();
        Pointer vol = volume(c, path);
        try {
            Pointer st = v.virStreamNew(c.pointer(), 0);
            if (st == null) {
                throw failure("open a stream for " + path);
            }
            int rc = download ? v.virStorageVolDownload(vol, st, offset, length, 0)
                    : v.virStorageVolUpload(vol, st, offset, length, 0);
            if (rc < 0) {
                ClusterException e = failure((download ? "read " : "write ") + path);
                v.virStreamFree(st);
                throw e;
            }
            return new Stream(st, path);
        } finally {
            v.virStorageVolFree(vol);
        }
    }

    /** A libvirt stream over a volume's bytes. */
    static final class Stream implements AutoCloseable, ContentDigest.Source {
        private final Pointer st;
        private final String path;
        private boolean done;

        private Stream(Pointer st, String path) {
            this.st = st;
            this.path = path;
        }

        @Override
        public int read(byte[] buffer) {
            int n = virt().virStreamRecv(st, buffer, new NativeLong(buffer.length));
            if (n < 0) {
                throw failure("read " + path);
            }
            return n == 0 ? -1 : n;
        }

        void write(byte[] buffer, int length) {
            int off = 0;
            while (off < length) {
                byte[] part = off == 0 ? buffer : java.util.Arrays.copyOfRange(buffer, off, length);
                int n = virt().virStreamSend(st, part, new NativeLong(length - off));
                if (n < 0) {
                    throw failure("write " + path);
                }
                off += n;
            }
        }

        /** Ends the stream successfully: for an upload, the volume then holds what was sent. */
        void finish() {
            if (virt().virStreamFinish(st) < 0) {
                throw failure("finish the copy of " + path);
            }
            done = true;
        }

        /** Frees the stream; one not finished is aborted first. */
        @Override
        public void close() {
            if (!done) {
                virt().virStreamAbort(st);
            }
            virt().virStreamFree(st);
        }
    }

    /**
     * Starts mirroring a running domain's disk into the file at {@code path}: an existing volume of
     * that format when {@code existing}, else a file libvirt creates (it must not exist). A
     * transient job, with synchronous writes once the copy has caught up, so that the target holds
     * every write the guest made until it stops. A rate of 0 is no limit.
     */
    static void blockCopy(HostConnection.NativeConnect c, UUID domain, String target, String path, String format,
            long bytesPerSecond, boolean existing) {
        withDomain(c, domain, dom -> {
            String xml = "<disk type='file'><source file='" + Xml.escape(path) + "'/><driver type='" + format
                    + "'/></disk>";
            Memory params = new Memory(TYPED_PARAM_SIZE);
            params.clear();
            byte[] name = "bandwidth".getBytes(StandardCharsets.US_ASCII);
            params.write(0, name, 0, name.length);
            params.setInt(80, TYPED_PARAM_ULLONG);
            params.setLong(TYPED_PARAM_VALUE_OFFSET, bytesPerSecond);
            int nparams = bytesPerSecond > 0 ? 1 : 0;
            if (virt().virDomainBlockCopy(dom, target, xml, params, nparams,
                    (existing ? COPY_REUSE_EXT : 0) | COPY_TRANSIENT_JOB | COPY_SYNCHRONOUS_WRITES) < 0) {
                throw failure("copy the disk " + target + " of VM " + domain + " to " + path);
            }
            return null;
        });
    }

    /** The disk's block job, if one runs. */
    static Optional<BlockJob> blockJob(HostConnection.NativeConnect c, UUID domain, String target) {
        return withDomain(c, domain, dom -> {
            Memory info = new Memory(32);
            info.clear();
            int rc = virt().virDomainGetBlockJobInfo(dom, target, info, BANDWIDTH_BYTES);
            if (rc < 0) {
                throw failure("read the copy of the disk " + target + " of VM " + domain);
            }
            return rc == 0 ? Optional.<BlockJob>empty()
                    : Optional.of(new BlockJob(info.getLong(16), info.getLong(24), info.getLong(8)));
        });
    }

    static void blockJobSpeed(HostConnection.NativeConnect c, UUID domain, String target, long bytesPerSecond) {
        withDomain(c, domain, dom -> {
            if (virt().virDomainBlockJobSetSpeed(dom, target, new NativeLong(bytesPerSecond), BANDWIDTH_BYTES) < 0) {
                throw failure("change the copy rate of the disk " + target);
            }
            return null;
        });
    }

    /** Ends the disk's block job; the domain keeps its disk unless {@code pivot}. */
    static void blockJobAbort(HostConnection.NativeConnect c, UUID domain, String target, boolean pivot) {
        withDomain(c, domain, dom -> {
            if (virt().virDomainBlockJobAbort(dom, target, pivot ? JOB_ABORT_PIVOT : 0) < 0) {
                throw failure("end the copy of the disk " + target);
            }
            return null;
        });
    }

    /** Applies {@code use} to the domain's native pointer, freed afterwards (also for {@link NativeMigrations}). */
    static <T> T withDomain(HostConnection.NativeConnect c, UUID domain,
            java.util.function.Function<Pointer, T> use) {
        Pointer dom = virt().virDomainLookupByUUIDString(c.pointer(), domain.toString());
        if (dom == null) {
            throw failure("find the domain " + domain);
        }
        try {
            return use.apply(dom);
        } finally {
            virt().virDomainFree(dom);
        }
    }

    private static Pointer volume(HostConnection.NativeConnect c, String path) {
        Pointer vol = virt().virStorageVolLookupByPath(c.pointer(), path);
        if (vol == null) {
            throw failure("find the volume " + path);
        }
        return vol;
    }

    private static ClusterException failure(String what) {
        return NativeCalls.failure(what);
    }
}
