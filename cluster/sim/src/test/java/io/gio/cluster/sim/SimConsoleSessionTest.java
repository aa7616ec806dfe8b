package io.gio.cluster.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gio.cluster.spi.ClusterDriverContractFixture;
import io.gio.cluster.spi.ConsoleSupport;
import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.PowerState;
import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A whole VNC session with a simulated VM's console, as noVNC runs it: the RFB 3.8 handshake
 * without authentication, a little-endian 32-bit pixel format with red in the low byte, a full
 * update holding exactly the console the screenshots draw, and an empty update when nothing
 * changed.
 */
class SimConsoleSessionTest extends ClusterDriverContractFixture {

    private static final String OS = "CentOS Linux 7 (64 bit)";
    private final SimContractHooks sim = new SimContractHooks();

    @Override
    protected DriverHooks hooks() {
        return sim;
    }

    @Test
    void aVncClientSeesTheConsoleTheScreenshotsDraw() throws Exception {
        FabricVm vm = vmIn(PowerState.RUNNING);
        Instant now = sim.now();
        try (ConsoleSupport.Channel channel = fabric.consoles().orElseThrow().open(vm.id(), OS)) {
            DataInputStream in = new DataInputStream(channel.input());
            DataOutputStream out = new DataOutputStream(channel.output());
            byte[] version = new byte[12];
            in.readFully(version);
            out.write(version);
            out.flush();
            assertEquals(1, in.readUnsignedByte(), "one security type");
            assertEquals(1, in.readUnsignedByte(), "None");
            out.writeByte(1);
            out.flush();
            assertEquals(0, in.readInt(), "security result OK");
            out.writeByte(1);
            out.flush();
            int width = in.readUnsignedShort();
            int height = in.readUnsignedShort();
            in.skipNBytes(16);
            byte[] name = new byte[in.readInt()];
            in.readFully(name);
            assertEquals(vm.name(), new String(name, StandardCharsets.UTF_8));

            out.write(new byte[] {0, 0, 0, 0, 32, 24, 0, 1, 0, (byte) 255, 0, (byte) 255, 0, (byte) 255, 0, 8, 16, 0, 0, 0});
            out.write(new byte[] {2, 0, 0, 1, 0, 0, 0, 0});
            out.write(new byte[] {3, 0, 0, 0, 0, 0});
            out.writeShort(width);
            out.writeShort(height);
            out.flush();
            assertEquals(0, in.readUnsignedByte(), "FramebufferUpdate");
            in.skipNBytes(1);
            assertEquals(1, in.readUnsignedShort());
            assertEquals(List.of(0, 0, width, height, 0), List.of(in.readUnsignedShort(), in.readUnsignedShort(),
                    in.readUnsignedShort(), in.readUnsignedShort(), in.readInt()));
            byte[] pixels = new byte[width * height * 4];
            in.readFully(pixels);
            BufferedImage expected = ConsoleRenderer.image(OS, PowerState.RUNNING, vm.name(),
                    vm.nics().stream().flatMap(n -> n.ipv4Addresses().stream()).toList(), now);
            assertEquals(expected.getWidth(), width);
            for (int y = 0; y < height; y += 37) {
                for (int x = 0; x < width; x += 41) {
                    int at = (y * width + x) * 4;
                    int rgb = (pixels[at] & 0xff) << 16 | (pixels[at + 1] & 0xff) << 8 | (pixels[at + 2] & 0xff);
                    assertEquals(expected.getRGB(x, y) & 0xffffff, rgb, "pixel " + x + "," + y);
                }
            }

            out.write(new byte[] {3, 1, 0, 0, 0, 0});
            out.writeShort(width);
            out.writeShort(height);
            out.flush();
            assertEquals(0, in.readUnsignedByte());
            in.skipNBytes(1);
            assertEquals(0, in.readUnsignedShort(), "the clock stood still: nothing changed");
        }
    }
}
