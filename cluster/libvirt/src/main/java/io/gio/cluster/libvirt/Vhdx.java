package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The structures of a VHDX file (Microsoft's VHDX format specification 1.0, little-endian) that
 * reading its content needs; libvirt's storage does not know the format, so the driver reads them
 * itself. The file starts with its identifier ({@code vhdxfile}); two headers follow at 64 and 128
 * KiB (the current one is the valid one with the higher sequence number) and the region table at
 * 192 KiB, which places the block allocation table (BAT) and the metadata region (block size,
 * virtual size, logical sector size). Each BAT entry of a payload block says whether the block is
 * present and where; after every {@code 2^23 * sector size / block size} payload entries a sector
 * bitmap entry is interleaved. The checksums (CRC-32C) of headers and region table are verified.
 * The log is not replayed: a file closed cleanly (as QEMU and Hyper-V leave it) has its structures
 * in place and no log GUID, and a file with one is refused when its content is read. Differencing
 * disks are refused, and so are structures that point outside themselves.
 */
final class Vhdx {

    static final String SIGNATURE = "vhdxfile";
    static final int HEADER_1 = 64 * 1024;
    static final int HEADER_2 = 128 * 1024;
    static final int HEADER_BYTES = 4 * 1024;
    static final int REGION_TABLE = 192 * 1024;
    static final int REGION_TABLE_BYTES = 64 * 1024;
    private static final long MIB = 1L << 20;
    private static final String BAT = "2DC27766-F623-4200-9D64-115E9BFD4A08";
    private static final String METADATA = "8B7CA206-4790-4B9A-B8FE-575F050F886E";
    private static final String FILE_PARAMETERS = "CAA16737-FA36-4D43-B3B6-33F0AA44E76B";
    private static final String VIRTUAL_DISK_SIZE = "2FA54224-CD1B-4876-B211-5DBED83BF4B8";
    private static final String LOGICAL_SECTOR_SIZE = "8141BF1D-A96F-4709-BA47-F233A8FAAB5F";
    private static final String PAGE_83_DATA = "BECA12AB-B2E6-4523-93EF-C309E000C746";
    private static final String PHYSICAL_SECTOR_SIZE = "CDA348C7-445D-4471-9CC9-E9885251C556";
    private static final int MAX_REGION_BYTES = 256 << 20;
    private static final int PAYLOAD_FULLY_PRESENT = 6;
    private static final int PAYLOAD_PARTIALLY_PRESENT = 7;

    private Vhdx() {
    }

    /** Where the region table places the BAT and the metadata region. */
    record Regions(long batOffset, int batLength, long metadataOffset, int metadataLength) {

        static Regions parse(byte[] table) {
            ByteBuffer regions = le(table);
            if (!valid(regions, "regi")) {
                throw bad("its region table is not valid");
            }
            long batOffset = -1;
            int batLength = 0;
            long metadataOffset = -1;
            int metadataLength = 0;
            int n = regions.getInt(8);
            if (n < 0 || 16 + (long) n * 32 > table.length) {
                throw bad("its region table says it has " + n + " entries");
            }
            for (int i = 0; i < n; i++) {
                int at = 16 + i * 32;
                String guid = guid(regions, at);
                if (BAT.equals(guid)) {
                    batOffset = regions.getLong(at + 16);
                    batLength = regions.getInt(at + 24);
                } else if (METADATA.equals(guid)) {
                    metadataOffset = regions.getLong(at + 16);
                    metadataLength = regions.getInt(at + 24);
                } else if ((regions.getInt(at + 28) & 1) != 0) {
                    throw bad("it requires a region this reader does not know (" + guid + ")");
                }
            }
            if (batOffset < 0 || metadataOffset < 0) {
                throw bad("its region table lacks the BAT or the metadata region");
            }
            for (long[] region : new long[][] {{batOffset, batLength}, {metadataOffset, metadataLength}}) {
                if (region[0] < MIB || region[0] % MIB != 0 || region[1] <= 0 || region[1] % MIB != 0
                        || region[1] > MAX_REGION_BYTES) {
                    throw bad("its region table places a region at " + region[0] + " with " + region[1] + " bytes");
                }
            }
            return new Regions(batOffset, batLength, metadataOffset, metadataLength);
        }
    }

    /** What the metadata region says of the disk's geometry. */
    record Geometry(long blockBytes, long virtualBytes, long logicalSectorBytes, int sizeItemOffset) {

        static Geometry parse(ByteBuffer metadata) {
            try {
                return read(metadata);
            } catch (IndexOutOfBoundsException e) {
                throw bad("its metadata points outside its region");
            }
        }

        private static Geometry read(ByteBuffer metadata) {
            if (!"metadata".equals(new String(metadata.array(), 0, 8, StandardCharsets.US_ASCII))) {
                throw bad("its metadata region has no signature");
            }
            long block = 0;
            long size = 0;
            long sector = 0;
            int sizeAt = -1;
            for (int i = 0, n = Short.toUnsignedInt(metadata.getShort(10)); i < n; i++) {
                int at = 32 + i * 32;
                String item = guid(metadata, at);
                int offset = metadata.getInt(at + 16);
                switch (item) {
                    case FILE_PARAMETERS -> {
                        block = Integer.toUnsignedLong(metadata.getInt(offset));
                        if ((metadata.getInt(offset + 4) & 2) != 0) {
                            throw bad("it is a differencing disk");
                        }
                    }
                    case VIRTUAL_DISK_SIZE -> {
                        size = metadata.getLong(offset);
                        sizeAt = offset;
                    }
                    case LOGICAL_SECTOR_SIZE -> sector = Integer.toUnsignedLong(metadata.getInt(offset));
                    case PAGE_83_DATA, PHYSICAL_SECTOR_SIZE -> {
                        // the disk's SCSI identity and the sector size it reports: nothing read depends on them
                    }
                    default -> {
                        if ((metadata.getInt(at + 24) & 4) != 0) {
                            throw bad("it requires a metadata item this reader does not know (" + item + ")");
                        }
                    }
                }
            }
            if (block < MIB || block % ContentDigest.PAGE != 0 || size <= 0 || (sector != 512 && sector != 4096)) {
                throw bad("its metadata says block size " + block + ", size " + size + ", sector size " + sector);
            }
            return new Geometry(block, size, sector, sizeAt);
        }

        /** Payload blocks per sector bitmap block: after so many payload entries the BAT has a bitmap entry. */
        long chunkRatio() {
            return (1L << 23) * logicalSectorBytes / blockBytes;
        }

        /** BAT entries a disk of {@code bytes} has: its payload blocks and the sector bitmaps between them. */
        long batEntries(long bytes) {
            long blocks = (bytes + blockBytes - 1) / blockBytes;
            return blocks + (blocks - 1) / chunkRatio();
        }

        /** The present payload blocks, by file offset: the block's index in the disk. */
        Map<Long, Long> presentBlocks(ByteBuffer bat) {
            long chunkRatio = chunkRatio();
            long blocks = (virtualBytes + blockBytes - 1) / blockBytes;
            if (batEntries(virtualBytes) * 8 > bat.capacity()) {
                throw bad("its BAT has no room for " + blocks + " blocks");
            }
            Map<Long, Long> byOffset = new TreeMap<>();
            for (long b = 0; b < blocks; b++) {
                long entry = bat.getLong((int) ((b + b / chunkRatio) * 8));
                int state = (int) (entry & 7);
                if (state == PAYLOAD_PARTIALLY_PRESENT) {
                    throw bad("block " + b + " is partially present, which only differencing disks have");
                }
                if (state == PAYLOAD_FULLY_PRESENT) {
                    byOffset.put((entry >>> 20) * MIB, b);
                }
            }
            return byOffset;
        }
    }

    /** The current header of the two: a valid one, the one with the higher sequence number if both are. */
    static ByteBuffer currentHeader(byte[] first, byte[] second) {
        ByteBuffer a = le(first);
        ByteBuffer b = le(second);
        boolean aValid = valid(a, "head");
        boolean bValid = valid(b, "head");
        if (!aValid && !bValid) {
            throw bad("neither of its two headers is valid");
        }
        return !bValid || (aValid && Long.compareUnsigned(a.getLong(8), b.getLong(8)) > 0) ? a : b;
    }

    static void requireVersion1(ByteBuffer header) {
        if (header.getShort(66) != 1) {
            throw bad("its version is " + header.getShort(66) + ", not 1");
        }
    }

    /**
     * Refuses a file whose log holds changes not yet applied (a log GUID in its current header):
     * it was not closed cleanly, or is open, and its BAT may not say where its blocks are.
     */
    static void requireNoPendingLog(ByteBuffer header) {
        if (header.getLong(48) != 0 || header.getLong(56) != 0) {
            throw bad("its log holds changes not applied yet (it was not closed cleanly, or is in use); open it once "
                    + "with QEMU or Hyper-V to replay the log");
        }
    }

    /**
     * The size the guest sees of the file at {@code path} on a host if it is a VHDX (read over
     * libvirt streams: its first 256 KiB, then its metadata region); empty for another format.
     */
    static java.util.OptionalLong virtualBytes(HostConnection h, String path) {
        byte[] head = NativeCopies.read(h.connect(), path, 0, REGION_TABLE + REGION_TABLE_BYTES);
        if (head.length < REGION_TABLE + REGION_TABLE_BYTES
                || !SIGNATURE.equals(new String(head, 0, SIGNATURE.length(), StandardCharsets.US_ASCII))) {
            return java.util.OptionalLong.empty();
        }
        requireVersion1(currentHeader(Arrays.copyOfRange(head, HEADER_1, HEADER_1 + HEADER_BYTES),
                Arrays.copyOfRange(head, HEADER_2, HEADER_2 + HEADER_BYTES)));
        Regions regions = Regions.parse(Arrays.copyOfRange(head, REGION_TABLE, REGION_TABLE + REGION_TABLE_BYTES));
        byte[] metadata = NativeCopies.read(h.connect(), path, regions.metadataOffset(), regions.metadataLength());
        return java.util.OptionalLong.of(Geometry.parse(le(metadata)).virtualBytes());
    }

    /**
     * Grows a VHDX to at least {@code requested} bytes (rounded up to its logical sector size) in
     * place, as Hyper-V does; returns the size the guest now sees. The file must be closed cleanly
     * (no pending log). A new header generation is written first (higher sequence number, new file
     * and data write GUIDs: readers learn the file changed), over the older of the two headers, so a
     * valid current header exists throughout; then the BAT entries of the new blocks are cleared (not
     * present) and last the virtual size, one 8-byte write in the metadata region. The BAT region
     * keeps its place and length (QEMU and Hyper-V allocate it in whole MiB, which leaves room for
     * hundreds of GiB to terabytes more): a size it cannot cover is refused (UNSUPPORTED).
     */
    static long grow(DiskGrowth.DiskFile file, long requested) {
        byte[] head = file.read(0, REGION_TABLE + REGION_TABLE_BYTES);
        if (head.length < REGION_TABLE + REGION_TABLE_BYTES
                || !SIGNATURE.equals(new String(head, 0, SIGNATURE.length(), StandardCharsets.US_ASCII))) {
            throw bad("it is not a VHDX file");
        }
        byte[] first = Arrays.copyOfRange(head, HEADER_1, HEADER_1 + HEADER_BYTES);
        byte[] second = Arrays.copyOfRange(head, HEADER_2, HEADER_2 + HEADER_BYTES);
        ByteBuffer current = currentHeader(first, second);
        requireVersion1(current);
        requireNoPendingLog(current);
        Regions regions = Regions.parse(Arrays.copyOfRange(head, REGION_TABLE, REGION_TABLE + REGION_TABLE_BYTES));
        Geometry g = Geometry.parse(le(file.read(regions.metadataOffset(), regions.metadataLength())));
        long size = (requested + g.logicalSectorBytes() - 1) / g.logicalSectorBytes() * g.logicalSectorBytes();
        if (size <= g.virtualBytes()) {
            throw new ClusterException(ClusterErrorCode.INVALID_ARGUMENT, "The VHDX already holds " + g.virtualBytes()
                    + " bytes; it can only grow.");
        }
        long entries = g.batEntries(size);
        if (entries * 8 > regions.batLength()) {
            long coverable = regions.batLength() / 8 * g.chunkRatio() / (g.chunkRatio() + 1) * g.blockBytes();
            throw new ClusterException(ClusterErrorCode.UNSUPPORTED, "This VHDX's block allocation table covers at most "
                    + (coverable >> 30) + " GB; it cannot grow to " + ((size + (1L << 30) - 1) >> 30) + " GB in place.");
        }
        byte[] next = current.array().clone();
        ByteBuffer n = le(next);
        n.putLong(8, current.getLong(8) + 1);
        putGuid(n, 16, java.util.UUID.randomUUID());
        putGuid(n, 32, java.util.UUID.randomUUID());
        n.putInt(4, 0);
        CRC32C crc = new CRC32C();
        crc.update(next);
        n.putInt(4, (int) crc.getValue());
        file.write(current.array() == first ? HEADER_2 : HEADER_1, next);
        long before = g.batEntries(g.virtualBytes());
        file.write(regions.batOffset() + before * 8, new byte[(int) ((entries - before) * 8)]);
        file.write(regions.metadataOffset() + g.sizeItemOffset(), le(new byte[8]).putLong(0, size).array());
        return size;
    }

    private static void putGuid(ByteBuffer b, int at, java.util.UUID id) {
        ByteBuffer big = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits());
        b.putInt(at, big.getInt(0));
        b.putShort(at + 4, big.getShort(4));
        b.putShort(at + 6, big.getShort(6));
        b.put(at + 8, big.array(), 8, 8);
    }

    static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Whether a structure has its signature and its CRC-32C (computed with the checksum field zeroed). */
    private static boolean valid(ByteBuffer structure, String signature) {
        byte[] bytes = structure.array().clone();
        if (!signature.equals(new String(bytes, 0, 4, StandardCharsets.US_ASCII))) {
            return false;
        }
        int stored = structure.getInt(4);
        Arrays.fill(bytes, 4, 8, (byte) 0);
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue() == stored;
    }

    /** A GUID as VHDX stores it (the first three fields little-endian), in its usual text form. */
    private static String guid(ByteBuffer b, int at) {
        String tail = HexFormat.of().formatHex(b.array(), at + 8, at + 16);
        return (String.format("%08x-%04x-%04x-", b.getInt(at), b.getShort(at + 4), b.getShort(at + 6))
                + tail.substring(0, 4) + "-" + tail.substring(4)).toUpperCase(Locale.ROOT);
    }

    private static ClusterException bad(String why) {
        return new ClusterException(ClusterErrorCode.FABRIC_FAILURE, "The VHDX file cannot be read: " + why + ".");
    }
}
