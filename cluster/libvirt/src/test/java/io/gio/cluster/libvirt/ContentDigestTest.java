package io.gio.cluster.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The content digest against VHD files QEMU's image tool writes, with QEMU's own comparison
 * ({@code qemu-img compare}) as the judge: the same guest content in a dynamic and a fixed VHD,
 * laid out differently, has one digest; a changed byte or a byte moved to another offset changes
 * it. A VHDX converted from a VHD by QEMU has the VHD's digest.
 */
@ExtendWith(PrintSkips.class)
class ContentDigestTest {

    @TempDir
    Path dir;

    @Test
    void dynamicAndFixedVhdsOfTheSameContentHaveOneDigestAndAChangeIsSeen() throws Exception {
        assumeTrue(QemuHost.has("qemu-img") && QemuHost.has("qemu-io"), "qemu-img and qemu-io (qemu-utils) are needed");
        Path dynamic = vhd("dynamic.vhd", "dynamic", "write -P 0x11 4M 1M", "write -P 0x22 0 4k");
        Path fixed = vhd("fixed.vhd", "fixed", "write -P 0x22 0 4k", "write -P 0x11 4M 1M");
        Path blank = vhd("blank.vhd", "dynamic", "write -z 0 1M");
        Path moved = vhd("moved.vhd", "dynamic", "write -P 0x11 5M 1M", "write -P 0x22 0 4k");
        Path changed = vhd("changed.vhd", "dynamic", "write -P 0x11 4M 1M", "write -P 0x22 0 4k",
                "write -P 0x23 8M 512");
        String expected = digest(dynamic);
        assertEquals(expected, digest(fixed), "the same content, laid out differently");
        assertNotEquals(expected, digest(moved), "the same bytes at another offset");
        assertNotEquals(expected, digest(changed), "one more sector written");
        // QEMU's own comparison agrees with every one of those verdicts
        assertEquals(0, compare(dynamic, "vpc", fixed, "vpc"));
        assertEquals(1, compare(dynamic, "vpc", moved, "vpc"));
        assertEquals(1, compare(dynamic, "vpc", changed, "vpc"));
        assertEquals(new ContentDigest().digest(), digest(blank), "zeros are no content");
    }

    @Test
    void aVhdxHasTheDigestOfTheVhdItWasConvertedFromAndAChangeIsSeen() throws Exception {
        assumeTrue(QemuHost.has("qemu-img") && QemuHost.has("qemu-io"), "qemu-img and qemu-io (qemu-utils) are needed");
        Path vhd = vhd("source.vhd", "dynamic", "write -P 0x11 4M 1M", "write -P 0x22 0 4k", "write -P 0x33 15M 4k");
        Path vhdx = convert(vhd, "converted.vhdx", "vhdx", "subformat=dynamic,block_size=1M");
        Path fixed = convert(vhd, "fixed.vhdx", "vhdx", "subformat=fixed");
        String expected = digest(vhd);
        assertEquals(expected, digest(vhdx), "QEMU's conversion keeps the content");
        assertEquals(expected, digest(fixed), "also into a fixed VHDX");
        assertEquals(0, compare(vhd, "vpc", vhdx, "vhdx"));
        assertEquals(0, compare(vhd, "vpc", fixed, "vhdx"));
        String[] out = new String[1];
        assertEquals(0, QemuHost.run(out, "qemu-io", "-f", "vhdx", "-c", "write -P 0x23 8M 512", vhdx.toString()),
                () -> out[0]);
        assertNotEquals(expected, digest(vhdx), "one more sector written");
        assertEquals(1, compare(vhd, "vpc", vhdx, "vhdx"), "and qemu-img compare sees it too");
        assertEquals(new ContentDigest().digest(), digest(convert(vhd("empty.vhd", "dynamic"), "empty.vhdx", "vhdx",
                "subformat=dynamic")), "an empty VHDX has no content");
    }

    @Test
    void aRawImageIsAllContentAndHasTheDigestOfTheSameContentInAVhd() throws Exception {
        assumeTrue(QemuHost.has("qemu-img") && QemuHost.has("qemu-io"), "qemu-img and qemu-io (qemu-utils) are needed");
        Path vhd = vhd("for-raw.vhd", "dynamic", "write -P 0x11 4M 1M", "write -P 0x44 16780800 512"); // its last sector
        Path raw = convert(vhd, "image.raw", "raw", "preallocation=off");
        assertEquals(digest(vhd), digest(raw), "the last sector of a raw image is content, not a footer");
        assertEquals(0, compare(vhd, "vpc", raw, "raw"));
    }

    @Test
    void aVhdxWhoseRegionTableIsDamagedIsRefusedSayingWhy() throws Exception {
        assumeTrue(QemuHost.has("qemu-img"), "qemu-img (qemu-utils) is needed");
        Path vhdx = convert(vhd("plain.vhd", "dynamic"), "damaged.vhdx", "vhdx", "subformat=dynamic");
        byte[] bytes = Files.readAllBytes(vhdx);
        bytes[192 * 1024 + 20] ^= 1;
        Files.write(vhdx, bytes);
        io.gio.cluster.spi.ClusterException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.gio.cluster.spi.ClusterException.class, () -> digest(vhdx));
        assertEquals("The VHDX file cannot be read: its region table is not valid.", e.getMessage());
    }

    @Test
    void aVhdxWhoseLogHoldsChangesNotAppliedIsRefused() throws Exception {
        assumeTrue(QemuHost.has("qemu-img"), "qemu-img (qemu-utils) is needed");
        Path vhdx = convert(vhd("logged.vhd", "dynamic", "write -P 0x11 0 1M"), "logged.vhdx", "vhdx", "subformat=dynamic");
        byte[] bytes = Files.readAllBytes(vhdx);
        for (int header : new int[] {64 * 1024, 128 * 1024}) {
            java.util.Arrays.fill(bytes, header + 48, header + 64, (byte) 7); // a log GUID
            java.util.Arrays.fill(bytes, header + 4, header + 8, (byte) 0);
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(bytes, header, 4096);
            java.nio.ByteBuffer.wrap(bytes, header + 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue());
        }
        Files.write(vhdx, bytes);
        io.gio.cluster.spi.ClusterException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.gio.cluster.spi.ClusterException.class, () -> digest(vhdx));
        assertTrue(e.getMessage().contains("its log holds changes not applied yet"), e.getMessage());
    }

    /** {@code qemu-img compare}: 0 identical, 1 different (what the guest sees; beyond the smaller image, zeros). */
    private static int compare(Path a, String formatA, Path b, String formatB) throws Exception {
        String[] out = new String[1];
        int code = QemuHost.run(out, "qemu-img", "compare", "-f", formatA, "-F", formatB, a.toString(), b.toString());
        assertTrue(code == 0 || code == 1, () -> "qemu-img compare failed: " + out[0]);
        return code;
    }

    private Path vhd(String name, String subformat, String... writes) throws Exception {
        Path file = dir.resolve(name);
        String[] out = new String[1];
        assertEquals(0, QemuHost.run(out, "qemu-img", "create", "-f", "vpc", "-o", "subformat=" + subformat,
                file.toString(), "16M"), () -> out[0]);
        for (String w : writes) {
            assertEquals(0, QemuHost.run(out, "qemu-io", "-f", "vpc", "-c", w, file.toString()), () -> out[0]);
        }
        return file;
    }

    private Path convert(Path from, String name, String format, String options) throws Exception {
        Path file = dir.resolve(name);
        String[] out = new String[1];
        assertEquals(0, QemuHost.run(out, "qemu-img", "convert", "-f", "vpc", "-O", format, "-o", options,
                from.toString(), file.toString()), () -> out[0]);
        return file;
    }

    /** The content digest of a local file, as the driver computes it over libvirt streams. */
    static String digest(Path file) throws IOException {
        ContentDigest digest = new ContentDigest();
        try (InputStream in = Files.newInputStream(file)) {
            digest.addDisk(buffer -> {
                try {
                    return in.read(buffer);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return digest.digest();
    }
}
