package io.gio.cluster.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Growing VHD and VHDX files in place, judged by QEMU's own tools: {@code qemu-img info} reads the
 * new size, {@code qemu-img compare} finds the old content unchanged (the new space reads as zeros),
 * {@code qemu-img check} finds a grown VHDX consistent, and {@code qemu-io} writes into the new space
 * and reads it back.
 */
@ExtendWith(PrintSkips.class)
class DiskGrowthTest {

    private static final long MIB = 1L << 20;

    @TempDir
    Path dir;

    @BeforeEach
    void needsQemuUtils() {
        assumeTrue(QemuHost.has("qemu-img") && QemuHost.has("qemu-io"), "qemu-img and qemu-io (qemu-utils) are needed");
    }

    @Test
    void vhdSizesAreTheOnesQemuGivesANewVhd() throws Exception {
        for (long size : new long[] {64 * MIB, 100 * MIB + 512, 3L << 30, 130L << 30, 2040L << 30}) {
            Path made = image("made" + size + ".vhd", "vpc", size, "subformat=dynamic");
            assertEquals(virtualSize(made, "vpc"), Vhd.sizeFor(size), "for " + size + " bytes");
        }
    }

    @Test
    void aDynamicVhdGrowsWithinItsBlockTableAndBeyondIt() throws Exception {
        Path original = image("original.vhd", "vpc", 64 * MIB, "subformat=dynamic");
        io(original, "vpc", "write -P 0xab 0 1M", "write -P 0xcd 63M 1M");
        Path small = copy(original, "small.vhd");
        long within = Vhd.grow(file(small), 100 * MIB);
        assertGrown(original, small, "vpc", within, 100 * MIB);

        Path large = copy(original, "large.vhd");
        long beyond = Vhd.grow(file(large), 300 * MIB); // 150 entries: the BAT's sector holds 128
        assertGrown(original, large, "vpc", beyond, 300 * MIB);
        long grownAgain = Vhd.grow(file(large), 1L << 30);
        assertGrown(original, large, "vpc", grownAgain, 1L << 30);
    }

    @Test
    void aFixedVhdGrowsByMovingItsFooter() throws Exception {
        Path original = image("original.vhd", "vpc", 64 * MIB, "subformat=fixed");
        io(original, "vpc", "write -P 0xab 0 1M", "write -P 0xcd 63M 1M");
        Path grown = copy(original, "grown.vhd");
        long size = Vhd.grow(file(grown), 96 * MIB);
        assertGrown(original, grown, "vpc", size, 96 * MIB);
        assertEquals(size + Vhd.SECTOR, Files.size(grown), "content and footer");
    }

    @Test
    void aVhdxGrowsByItsMetadataWithinItsBlockTable() throws Exception {
        Path original = image("original.vhdx", "vhdx", 64 * MIB, "subformat=dynamic");
        io(original, "vhdx", "write -P 0xab 0 1M", "write -P 0xcd 63M 1M");
        Path grown = copy(original, "grown.vhdx");
        long size = Vhdx.grow(file(grown), (1L << 30) + 1);
        assertEquals((1L << 30) + 512, size, "rounded up to the logical sector");
        assertGrown(original, grown, "vhdx", size, (1L << 30) + 1);
        String[] out = new String[1];
        assertEquals(0, QemuHost.run(out, "qemu-img", "check", "-f", "vhdx", grown.toString()), () -> out[0]);

        ClusterException tooFar = assertThrows(ClusterException.class, () -> Vhdx.grow(file(grown), 4L << 40));
        assertEquals(ClusterErrorCode.UNSUPPORTED, tooFar.code());
        assertTrue(tooFar.getMessage().contains("block allocation table"), tooFar.getMessage());
        assertEquals(size, virtualSize(grown, "vhdx"), "a refused growth changes nothing");
    }

    @Test
    void nothingShrinksAndDifferencingDisksAreRefused() throws Exception {
        Path vhd = image("a.vhd", "vpc", 64 * MIB, "subformat=dynamic");
        Path vhdx = image("a.vhdx", "vhdx", 64 * MIB, "subformat=dynamic");
        assertEquals(ClusterErrorCode.INVALID_ARGUMENT,
                assertThrows(ClusterException.class, () -> Vhd.grow(file(vhd), 32 * MIB)).code());
        assertEquals(ClusterErrorCode.INVALID_ARGUMENT,
                assertThrows(ClusterException.class, () -> Vhdx.grow(file(vhdx), 64 * MIB)).code());
        Path raw = image("raw.img", "raw", 64 * MIB, null);
        assertEquals(ClusterErrorCode.FABRIC_FAILURE,
                assertThrows(ClusterException.class, () -> Vhd.grow(file(raw), 128 * MIB)).code(), "no footer");
        assertEquals(ClusterErrorCode.FABRIC_FAILURE,
                assertThrows(ClusterException.class, () -> Vhdx.grow(file(raw), 128 * MIB)).code(), "no signature");
        assertEquals(64 * MIB, Files.size(raw));
    }

    /** QEMU reads the new size, the old content unchanged and zeros after it, and writes into the new space. */
    private void assertGrown(Path original, Path grown, String format, long size, long requested) throws Exception {
        assertTrue(size >= requested, size + " >= " + requested);
        assertEquals(size, virtualSize(grown, format), "QEMU sees the new size");
        if (format.equals("vpc")) {
            byte[] footer = file(grown).read(Files.size(grown) - Vhd.SECTOR, Vhd.SECTOR);
            assertEquals(size, java.nio.ByteBuffer.wrap(footer).getLong(Vhd.ORIGINAL_SIZE),
                    "the original size, which libvirt reports as the capacity");
        }
        assertEquals(ContentDigestTest.digest(original), ContentDigestTest.digest(grown),
                "the gateway's own reader sees the same content");
        String[] out = new String[1];
        assertEquals(0, QemuHost.run(out, "qemu-img", "compare", "-f", format, "-F", format, original.toString(),
                grown.toString()), () -> "the old content, then zeros: " + out[0]);
        long last = size / MIB - 1;
        Path scratch = copy(grown, "scratch-" + grown.getFileName());
        io(scratch, format, "write -P 0x5a " + last + "M 1M", "read -P 0x5a " + last + "M 1M", "read -P 0xab 0 1M",
                "read -P 0xcd 63M 1M", "read -P 0 64M 1M");
    }

    private Path image(String name, String format, long size, String options) throws Exception {
        Path p = dir.resolve(name);
        String[] out = new String[1];
        int rc = options == null
                ? QemuHost.run(out, "qemu-img", "create", "-q", "-f", format, p.toString(), String.valueOf(size))
                : QemuHost.run(out, "qemu-img", "create", "-q", "-f", format, "-o", options, p.toString(),
                        String.valueOf(size));
        assertEquals(0, rc, () -> out[0]);
        return p;
    }

    private static void io(Path image, String format, String... commands) throws Exception {
        for (String command : commands) {
            String[] out = new String[1];
            assertEquals(0, QemuHost.run(out, "qemu-io", "-f", format, "-c", command, image.toString()), () -> out[0]);
            assertTrue(!out[0].contains("Pattern verification failed"), command + ": " + out[0]);
        }
    }

    private static long virtualSize(Path image, String format) throws Exception {
        String[] out = new String[1];
        assertEquals(0, QemuHost.run(out, "qemu-img", "info", "--output=json", "-f", format, image.toString()),
                () -> out[0]);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"virtual-size\": *(\\d+)").matcher(out[0]);
        assertTrue(m.find(), out[0]);
        return Long.parseLong(m.group(1));
    }

    private Path copy(Path from, String name) throws IOException {
        return Files.copy(from, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    /** A local file as the growth code sees a volume. */
    static DiskGrowth.DiskFile file(Path path) {
        return new DiskGrowth.DiskFile() {
            @Override
            public long size() {
                try {
                    return Files.size(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public byte[] read(long offset, int length) {
                try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "r")) {
                    int n = (int) Math.max(0, Math.min(length, f.length() - offset));
                    byte[] out = new byte[n];
                    f.seek(offset);
                    f.readFully(out);
                    return out;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void write(long offset, byte[] bytes) {
                try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
                    f.seek(offset);
                    f.write(bytes);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
