package io.gio.cluster.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gio.cluster.spi.PowerState;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins the exact PNG bytes of every power state's frame for a few guests, so that reshaping
 * {@link ConsoleRenderer} cannot change a pixel unnoticed.
 *
 * <p>The bytes depend on the JVM's rasteriser, fonts and PNG encoder, so the digests only hold
 * where a reference drawing (plain Java2D, no renderer code) encodes to the bytes it did when they
 * were recorded; elsewhere the test is skipped. To re-pin after an intended change, run it and copy
 * the digests from the failure messages.
 */
class ConsoleRendererPinnedFramesTest {

    private static final Instant AT = Instant.parse("2015-12-01T14:05:33.250Z");
    private static final String REFERENCE = "2f4b7fdbe93fd538df0051459c4b3999d2c39afe6754a117aefbeafa22e2e1fe";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "Windows Server 2008 R2 Datacenter (64 bit) | 2808494a1c8bb1237819673d082cddfb84b1fa9af0612842aac8df64b5b4a34a",
        "Windows Server 2012 R2 Datacenter          | f058894eb8aa6b8e4359c6e14551da5871f7f9ee7e066be497229aef3244099f",
        "Windows Server 2019 Datacenter             | 3b26bd925429176d54e244e22e8b2b4c9651f7b7bb8c60e0eb395e3be89da7ab",
        "CentOS Linux 7 (64 bit)                    | 1964e047e9ed54ca470de53cc39c71b0cabf0c3cef067ab80d91dc0684a241bb",
        "Ubuntu Linux 22.04 (64 bit)                | 25dc3c618094179532091caedc0095693d8be906fb948c5ec3d54d4eb7168d89",
        "Red Hat Enterprise Linux 8 (32 bit)        | ab16eb89f19274b66f4b40b2c9bb5fe23a8adda54b13e6e3fc2ca7a21bae7c36",
        "null                                       | a494048332daf78a583ba67f684044278b39484117a37c63942867e9b937c5ca",
    })
    void everyStateOfTheGuestDrawsThePinnedBytes(String guestOs, String expected) {
        String reference = sha256(List.of(reference()));
        assumeTrue(REFERENCE.equals(reference),
                "this JVM draws or encodes differently from the one the digests were recorded on: " + reference);
        List<byte[]> frames = new ArrayList<>();
        for (PowerState state : PowerState.values()) {
            frames.add(ConsoleRenderer.render(guestOs, state, "app01 \u00e9t\u00e9", List.of("10.0.0.5", "10.0.1.5"),
                    AT));
        }
        assertEquals(expected, sha256(frames), "the frames of " + guestOs);
    }

    /** Text in both logical fonts, a gradient and a curve, encoded as the renderer encodes. */
    private static byte[] reference() {
        BufferedImage image = new BufferedImage(320, 120, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, new Color(0x06, 0x26, 0x58), 320, 120, new Color(0x0D, 0x4F, 0x9E)));
            g.fillRect(0, 0, 320, 120);
            g.setColor(Color.WHITE);
            g.fill(new Ellipse2D.Float(250, 20, 50, 50));
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 24));
            g.drawString("Shutting down... 14:05", 10, 40);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
            g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 14));
            g.drawString("[  OK  ] Reached target Shutdown.", 10, 90);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(image);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static String sha256(List<byte[]> chunks) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            chunks.forEach(digest::update);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
