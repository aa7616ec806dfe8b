package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * Console images: what libvirt's screenshot returns (QEMU gives PPM, which ImageIO cannot read,
 * so it is decoded here; other drivers give PNG) made into a decoded image, and the dark screen
 * with a message shown for a VM whose console is off.
 */
final class ConsoleImages {

    private ConsoleImages() {
    }

    /** Decodes a screenshot by its MIME type. */
    static BufferedImage decode(String mimeType, byte[] data) {
        try {
            if (mimeType != null && mimeType.contains("portable-pixmap") || startsWith(data, "P6")) {
                return ppm(data);
            }
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(data));
            if (image == null) {
                throw new ClusterException(ClusterErrorCode.FABRIC_FAILURE,
                        "libvirt returned a screenshot in a format the gateway cannot read: " + mimeType);
            }
            return image;
        } catch (IOException e) {
            throw new ClusterException(ClusterErrorCode.FABRIC_FAILURE, "cannot read the screenshot: " + e.getMessage(), e);
        }
    }

    static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a PNG", e);
        }
    }

    /** A dark 640x480 screen with a centred message, as a hypervisor shows for a VM that is off. */
    static BufferedImage message(String text) {
        BufferedImage image = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(new Color(0x10, 0x10, 0x10));
            g.fillRect(0, 0, 640, 480);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(new Color(0xD0, 0xD0, 0xD0));
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 18));
            FontMetrics m = g.getFontMetrics();
            g.drawString(text, (640 - m.stringWidth(text)) / 2, 240);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Binary PPM (P6) with a maximum value up to 255, as QEMU's screendump writes. */
    static BufferedImage ppm(byte[] data) {
        int[] pos = {2};
        int width = header(data, pos);
        int height = header(data, pos);
        int max = header(data, pos);
        pos[0]++; // the single whitespace after the header
        if (width <= 0 || height <= 0 || max <= 0 || max > 255 || pos[0] + 3L * width * height > data.length) {
            throw new ClusterException(ClusterErrorCode.FABRIC_FAILURE, "libvirt returned a malformed PPM screenshot");
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int p = pos[0];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = (data[p++] & 255) * 255 / max;
                int gr = (data[p++] & 255) * 255 / max;
                int b = (data[p++] & 255) * 255 / max;
                image.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        return image;
    }

    private static int header(byte[] data, int[] pos) {
        int p = pos[0];
        while (p < data.length && (Character.isWhitespace(data[p]) || data[p] == '#')) {
            if (data[p] == '#') {
                while (p < data.length && data[p] != '\n') {
                    p++;
                }
            }
            p++;
        }
        int value = 0;
        while (p < data.length && data[p] >= '0' && data[p] <= '9') {
            value = value * 10 + (data[p++] - '0');
        }
        pos[0] = p;
        return value;
    }

    private static boolean startsWith(byte[] data, String magic) {
        return data.length >= 2 && data[0] == magic.charAt(0) && data[1] == magic.charAt(1);
    }
}
