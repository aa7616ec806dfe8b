package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Growing a VHD file in place (Microsoft's Virtual Hard Disk Image Format Specification 1.0,
 * big-endian), as Hyper-V's {@code ResizeVirtualHardDisk} does; QEMU's VHD driver cannot resize.
 *
 * <p>Every VHD ends with a 512-byte footer (cookie {@code conectix}) holding the virtual size and
 * a cylinder/head/sector geometry. A fixed VHD is its content followed by the footer: the footer
 * moves to the new end and its old place, now content, is zeroed. A dynamic VHD starts with a copy
 * of the footer and a dynamic header ({@code cxsparse}) pointing at the block allocation table
 * (BAT), one 32-bit entry per block ({@code 0xFFFFFFFF}: not allocated), usually followed by the
 * blocks. Its BAT grows in place: the blocks that lie where it must grow are moved to the end of
 * the file first (a few at most: 2 MiB blocks, and even a 2040 GiB disk has a 4 MiB BAT), so the
 * BAT stays before every block, as the gateway's own one-pass reader of VHDs needs it. Each step
 * leaves a readable file: the trailing footer is never missing, a moved block is referenced only
 * once it is copied, and a size is written only once the BAT covers it. Differencing disks are
 * refused: growing their parent would break them.
 *
 * <p>The size a disk gets is the one QEMU gives a new VHD (never less than asked): the smallest
 * geometry that covers the size, and its product as the size, since QEMU reads the size of most
 * VHDs from the geometry; past the largest geometry (about 127 GiB) the size is taken as asked.
 */
final class Vhd {

    static final int SECTOR = 512;
    static final String COOKIE = "conectix";
    private static final String DYNAMIC_COOKIE = "cxsparse";
    private static final int FIXED = 2;
    private static final int DYNAMIC = 3;
    private static final long MAX_GEOMETRY = 65535L * 16 * 255;
    static final int ORIGINAL_SIZE = 40;
    private static final int SIZE = 48;
    private static final int GEOMETRY = 56;
    private static final int TYPE = 60;
    private static final int CHECKSUM = 64;
    private static final int HEADER_BYTES = 1024;
    private static final int HEADER_CHECKSUM = 36;

    private Vhd() {
    }

    /** Grows the VHD to at least {@code requested} bytes; returns the size the guest now sees. */
    static long grow(DiskGrowth.DiskFile file, long requested) {
        long fileBytes = file.size();
        if (fileBytes < SECTOR * 2L) {
            throw bad("it is " + fileBytes + " bytes long");
        }
        byte[] footer = file.read(fileBytes - SECTOR, SECTOR);
        if (!COOKIE.equals(ascii(footer, 0, 8)) || checksum(footer, CHECKSUM) != ByteBuffer.wrap(footer).getInt(CHECKSUM)) {
            throw bad("it has no valid footer");
        }
        long current = ByteBuffer.wrap(footer).getLong(SIZE);
        long size = sizeFor(requested);
        if (size <= current) {
            throw new ClusterException(ClusterErrorCode.INVALID_ARGUMENT, "The VHD already holds " + current
                    + " bytes; it can only grow.");
        }
        byte[] grown = resized(footer, size);
        switch (ByteBuffer.wrap(footer).getInt(TYPE)) {
            case FIXED -> {
                long contentEnd = fileBytes - SECTOR;
                if (contentEnd != current) {
                    throw bad("its footer says " + current + " bytes but it holds " + contentEnd);
                }
                file.write(size, grown);
                file.write(contentEnd, new byte[SECTOR]);
            }
            case DYNAMIC -> growDynamic(file, footer, grown, size, fileBytes);
            default -> throw bad("it is a differencing disk, whose parent must keep its size");
        }
        return size;
    }

    private static void growDynamic(DiskGrowth.DiskFile file, byte[] footer, byte[] grown, long size, long fileBytes) {
        long headerAt = ByteBuffer.wrap(footer).getLong(16);
        byte[] header = file.read(headerAt, HEADER_BYTES);
        ByteBuffer hb = ByteBuffer.wrap(header);
        if (header.length != HEADER_BYTES || !DYNAMIC_COOKIE.equals(ascii(header, 0, 8))
                || checksum(header, HEADER_CHECKSUM) != hb.getInt(HEADER_CHECKSUM)) {
            throw bad("its dynamic header is not valid");
        }
        long tableAt = hb.getLong(16);
        long entries = Integer.toUnsignedLong(hb.getInt(28));
        long blockBytes = Integer.toUnsignedLong(hb.getInt(32));
        if (blockBytes < SECTOR || blockBytes % SECTOR != 0) {
            throw bad("its block size is " + blockBytes);
        }
        long needed = (size + blockBytes - 1) / blockBytes;
        long trailer = fileBytes - SECTOR;
        if (needed > entries) {
            long tableEnd = tableAt + roundUp(needed * 4, SECTOR);
            if (headerAt + HEADER_BYTES > tableAt && headerAt < tableEnd) {
                throw bad("its dynamic header lies where its block table must grow");
            }
            ByteBuffer table = ByteBuffer.wrap(file.read(tableAt, (int) (entries * 4)));
            long blockSpan = roundUp(blockBytes / SECTOR / 8, SECTOR) + blockBytes;
            for (int i = 0; i < entries; i++) {
                long at = Integer.toUnsignedLong(table.getInt(i * 4)) * SECTOR;
                if (table.getInt(i * 4) != -1 && at < tableEnd) {
                    trailer = moveBlock(file, footer, i, at, blockSpan, tableAt, trailer);
                }
            }
            byte[] unallocated = new byte[(int) (tableEnd - tableAt - entries * 4)];
            Arrays.fill(unallocated, (byte) 0xFF);
            file.write(tableAt + entries * 4, unallocated);
            hb.putInt(28, (int) needed);
            hb.putInt(HEADER_CHECKSUM, checksum(header, HEADER_CHECKSUM));
            file.write(headerAt, header);
        }
        file.write(trailer, grown);
        file.write(0, grown);
    }

    /**
     * Moves a block (its sector bitmap and data) that lies where the block table must grow to the end
     * of the file, so that the table stays before every block (readers that go through a file once,
     * in order, read the table first). The old footer is written after the block's new place first,
     * so the file always ends with one; then the copy, then the table's entry: until that entry is
     * written the block is read from its old place, which still holds it. Returns where the footer
     * now is.
     */
    private static long moveBlock(DiskGrowth.DiskFile file, byte[] footer, int index, long from, long span,
            long tableAt, long trailer) {
        byte[] block = file.read(from, (int) span);
        if (block.length != span) {
            throw bad("block " + index + " at " + from + " ends after the file");
        }
        file.write(trailer + span, footer);
        file.write(trailer, block);
        file.write(tableAt + index * 4L, ByteBuffer.allocate(4).putInt((int) (trailer / SECTOR)).array());
        return trailer + span;
    }

    /** The size QEMU gives a VHD of at least {@code requested} bytes. */
    static long sizeFor(long requested) {
        long sectors = (requested + SECTOR - 1) / SECTOR;
        if (sectors >= MAX_GEOMETRY) {
            return sectors * SECTOR;
        }
        for (long extra = 0; ; extra++) {
            int[] chs = geometry(sectors + extra);
            long product = (long) chs[0] * chs[1] * chs[2];
            if (product >= sectors) {
                return product * SECTOR;
            }
        }
    }

    /** Cylinders, heads and sectors per track for a number of sectors, by the specification's algorithm. */
    static int[] geometry(long totalSectors) {
        long total = Math.min(totalSectors, MAX_GEOMETRY);
        long sectorsPerTrack;
        long heads;
        long cylinderTimesHeads;
        if (total >= 65535L * 16 * 63) {
            sectorsPerTrack = 255;
            heads = 16;
            cylinderTimesHeads = total / sectorsPerTrack;
        } else {
            sectorsPerTrack = 17;
            cylinderTimesHeads = total / sectorsPerTrack;
            heads = Math.max(4, (cylinderTimesHeads + 1023) / 1024);
            if (cylinderTimesHeads >= heads * 1024 || heads > 16) {
                sectorsPerTrack = 31;
                heads = 16;
                cylinderTimesHeads = total / sectorsPerTrack;
            }
            if (cylinderTimesHeads >= heads * 1024) {
                sectorsPerTrack = 63;
                heads = 16;
                cylinderTimesHeads = total / sectorsPerTrack;
            }
        }
        return new int[] {(int) (cylinderTimesHeads / heads), (int) heads, (int) sectorsPerTrack};
    }

    /**
     * The footer with another size, checksummed: the current size and the geometry, and the
     * original size too, which the specification keeps for information only (QEMU and Hyper-V do
     * not read it) but libvirt's storage reports as the volume's capacity.
     */
    private static byte[] resized(byte[] footer, long size) {
        byte[] out = footer.clone();
        ByteBuffer b = ByteBuffer.wrap(out);
        int[] chs = geometry(size / SECTOR);
        b.putLong(ORIGINAL_SIZE, size);
        b.putLong(SIZE, size);
        b.putShort(GEOMETRY, (short) chs[0]);
        b.put(GEOMETRY + 2, (byte) chs[1]);
        b.put(GEOMETRY + 3, (byte) chs[2]);
        b.putInt(CHECKSUM, checksum(out, CHECKSUM));
        return out;
    }

    /** The one's complement of the sum of the bytes, the checksum field counted as zero. */
    static int checksum(byte[] structure, int checksumAt) {
        int sum = 0;
        for (int i = 0; i < structure.length; i++) {
            if (i < checksumAt || i >= checksumAt + 4) {
                sum += structure[i] & 0xFF;
            }
        }
        return ~sum;
    }

    private static long roundUp(long value, long unit) {
        return (value + unit - 1) / unit * unit;
    }

    private static String ascii(byte[] b, int from, int length) {
        return b.length < from + length ? "" : new String(b, from, length, StandardCharsets.US_ASCII);
    }

    private static ClusterException bad(String why) {
        return new ClusterException(ClusterErrorCode.FABRIC_FAILURE, "The VHD file cannot grow: " + why + ".");
    }
}
