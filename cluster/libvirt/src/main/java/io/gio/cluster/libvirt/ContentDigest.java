package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A digest of what a guest sees in a VHD or VHDX disk, whatever the file's format and layout: two
 * copies of the same content have the same digest even when QEMU laid their blocks out differently
 * (a block copy, a copy made by another tool) or one is the other converted to VHDX, and any
 * changed byte changes it.
 *
 * <p>The disk is read once, in file order, from a libvirt stream (so it works for remote
 * hosts). Every 4 KiB page of guest content that is not all zeros contributes
 * SHA-256(disk number, page index, page) to a sum modulo 2<sup>256</sup>; the digest is SHA-256
 * of the sum. The sum does not depend on the order pages are read in, and zero pages
 * (unallocated blocks included) contribute nothing. A fixed VHD is its content followed by a 512-byte footer
 * (which starts with the cookie {@code conectix}; a raw image, without it, is all content);
 * a dynamic one starts with a copy of the footer, then the dynamic header and the block allocation
 * table, and each allocated block is a sector bitmap followed by the block's data. As QEMU does,
 * reads ignore the bitmap (QEMU marks every sector of a block it allocates).
 *
 * <p>A VHDX is read through its structures ({@link Vhdx}): the headers and region table, then
 * the block allocation table and metadata region in file order, then each present payload block.
 */
final class ContentDigest {

    static final int PAGE = 4096;
    private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);
    private static final int SECTOR = 512;

    private final MessageDigest pageHash = sha256();
    private BigInteger sum = BigInteger.ZERO;
    private int disk;

    /** Where a disk's file is read from, in order: up to {@code buffer.length} bytes, -1 at the end. */
    interface Source {
        int read(byte[] buffer);
    }

    /** Reads one disk's file (VHD or VHDX) from the source and adds its pages. */
    void addDisk(Source in) {
        disk++;
        Reader r = new Reader(in);
        byte[] first = r.read(SECTOR);
        if (first.length == SECTOR && Vhdx.SIGNATURE.equals(ascii(first, 0, 8))) {
            addVhdx(r);
        } else if (first.length == SECTOR && "conectix".equals(ascii(first, 0, 8))
                && ByteBuffer.wrap(first).getInt(60) != 2) {
            addDynamic(r, ByteBuffer.wrap(first).getLong(16));
        } else {
            addFixed(r, first);
        }
    }

    /** The digest of the disks added so far. */
    String digest() {
        byte[] bytes = sum.toByteArray();
        return "vhd-pages:" + HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /** A fixed VHD: the content, then the footer; a page is added once it is known not to hold footer bytes. */
    private void addFixed(Reader r, byte[] first) {
        byte[] window = new byte[2 * PAGE + SECTOR];
        System.arraycopy(first, 0, window, 0, first.length);
        int have = first.length;
        long index = 0;
        boolean end = first.length < SECTOR;
        while (true) {
            if (!end) {
                byte[] more = r.read(PAGE);
                System.arraycopy(more, 0, window, have, more.length);
                have += more.length;
                end = more.length < PAGE;
            }
            while (have >= PAGE + SECTOR) {
                addPage(index++, Arrays.copyOf(window, PAGE));
                System.arraycopy(window, PAGE, window, 0, have - PAGE);
                have -= PAGE;
            }
            if (end) {
                int content = have >= SECTOR && "conectix".equals(ascii(window, have - SECTOR, 8)) ? have - SECTOR : have;
                for (int off = 0; off < content; off += PAGE) {
                    addPage(index++, Arrays.copyOf(Arrays.copyOfRange(window, off, Math.min(content, off + PAGE)),
                            PAGE)); // zero-padded
                }
                return;
            }
        }
    }

    private void addDynamic(Reader r, long headerOffset) {
        r.skipTo(headerOffset);
        ByteBuffer header = ByteBuffer.wrap(r.readFully(1024));
        if (!"cxsparse".equals(new String(header.array(), 0, 8, StandardCharsets.US_ASCII))) {
            throw new ClusterException(ClusterErrorCode.FABRIC_FAILURE, "not a dynamic VHD: no cxsparse header");
        }
        long tableOffset = header.getLong(16);
        int entries = header.getInt(28);
        int blockSize = header.getInt(32);
        r.skipTo(tableOffset);
        ByteBuffer table = ByteBuffer.wrap(r.readFully(entries * 4));
        Map<Long, Integer> blocksByOffset = new TreeMap<>();
        for (int i = 0; i < entries; i++) {
            long sector = Integer.toUnsignedLong(table.getInt(i * 4));
            if (sector != 0xFFFFFFFFL) {
                blocksByOffset.put(sector * SECTOR, i);
            }
        }
        long bitmapBytes = ((long) blockSize / SECTOR / 8 + SECTOR - 1) / SECTOR * SECTOR;
        int pagesPerBlock = blockSize / PAGE;
        for (Map.Entry<Long, Integer> block : blocksByOffset.entrySet()) {
            r.skipTo(block.getKey() + bitmapBytes);
            for (int p = 0; p < pagesPerBlock; p++) {
                addPage((long) block.getValue() * pagesPerBlock + p, r.readFully(PAGE));
            }
        }
    }

    private void addVhdx(Reader r) {
        r.skipTo(Vhdx.HEADER_1);
        byte[] first = r.readFully(Vhdx.HEADER_BYTES);
        r.skipTo(Vhdx.HEADER_2);
        ByteBuffer header = Vhdx.currentHeader(first, r.readFully(Vhdx.HEADER_BYTES));
        Vhdx.requireVersion1(header);
        Vhdx.requireNoPendingLog(header);
        r.skipTo(Vhdx.REGION_TABLE);
        Vhdx.Regions regions = Vhdx.Regions.parse(r.readFully(Vhdx.REGION_TABLE_BYTES));
        ByteBuffer bat;
        ByteBuffer metadata;
        if (regions.batOffset() < regions.metadataOffset()) {
            r.skipTo(regions.batOffset());
            bat = Vhdx.le(r.readFully(regions.batLength()));
            r.skipTo(regions.metadataOffset());
            metadata = Vhdx.le(r.readFully(regions.metadataLength()));
        } else {
            r.skipTo(regions.metadataOffset());
            metadata = Vhdx.le(r.readFully(regions.metadataLength()));
            r.skipTo(regions.batOffset());
            bat = Vhdx.le(r.readFully(regions.batLength()));
        }
        Vhdx.Geometry g = Vhdx.Geometry.parse(metadata);
        Map<Long, Long> blocksByOffset = g.presentBlocks(bat);
        int pagesPerBlock = (int) (g.blockBytes() / PAGE);
        long lastPage = (g.virtualBytes() + PAGE - 1) / PAGE;
        for (Map.Entry<Long, Long> block : blocksByOffset.entrySet()) {
            r.skipTo(block.getKey());
            for (int p = 0; p < pagesPerBlock; p++) {
                long index = block.getValue() * pagesPerBlock + p;
                if (index >= lastPage) {
                    break;
                }
                addPage(index, r.readFully(PAGE));
            }
        }
    }

    private static String ascii(byte[] bytes, int from, int length) {
        return new String(bytes, from, length, StandardCharsets.US_ASCII);
    }

    private void addPage(long index, byte[] page) {
        for (byte b : page) {
            if (b != 0) {
                pageHash.update(ByteBuffer.allocate(12).putInt(disk).putLong(index).array());
                sum = sum.add(new BigInteger(1, pageHash.digest(page))).mod(MODULUS);
                return;
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sequential reads over a stream, buffered. */
    private static final class Reader {
        private final Source in;
        private final byte[] buffer = new byte[1 << 20];
        private int start;
        private int end;
        private long position;
        private boolean eof;

        Reader(Source in) {
            this.in = in;
        }

        /** Up to {@code n} bytes; fewer only at the end of the stream. */
        byte[] read(int n) {
            byte[] out = new byte[n];
            int got = 0;
            while (got < n && fill()) {
                int take = Math.min(n - got, end - start);
                System.arraycopy(buffer, start, out, got, take);
                start += take;
                got += take;
                position += take;
            }
            return got == n ? out : Arrays.copyOf(out, got);
        }

        byte[] readFully(int n) {
            byte[] out = read(n);
            if (out.length < n) {
                throw new ClusterException(ClusterErrorCode.FABRIC_FAILURE, "the disk file ends at byte " + position
                        + " inside its own structures");
            }
            return out;
        }

        void skipTo(long offset) {
            if (offset < position) {
                throw new ClusterException(ClusterErrorCode.FABRIC_FAILURE, "the disk file's structures are not in "
                        + "file order (offset " + offset + " after " + position + ")");
            }
            while (position < offset && fill()) {
                int take = (int) Math.min(offset - position, end - start);
                start += take;
                position += take;
            }
        }

        private boolean fill() {
            if (start < end) {
                return true;
            }
            if (eof) {
                return false;
            }
            int n = in.read(buffer);
            if (n < 0) {
                eof = true;
                return false;
            }
            start = 0;
            end = n;
            return true;
        }
    }
}
