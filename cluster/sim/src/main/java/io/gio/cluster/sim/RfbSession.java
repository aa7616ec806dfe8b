package io.gio.cluster.sim;

import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The server side of one VNC session (RFB 3.8, RFC 6143) showing a simulated VM's console: no
 * authentication (the gateway's one-time ticket already admitted the client), true colour in the
 * pixel format the client asks for (8, 16 or 32 bits per pixel), raw encoding. A non-incremental
 * update request gets the whole screen; an incremental one gets the screen when it has changed
 * (polled every {@link #POLL_MILLIS} ms) or an empty update after a second. Keyboard and pointer
 * events are read and ignored: a simulated VM has no guest to type into.
 */
final class RfbSession {

    static final long POLL_MILLIS = 250;
    private static final byte[] VERSION = "RFB 003.008\n".getBytes(StandardCharsets.US_ASCII);
    private static final int SECURITY_NONE = 1;

    private final DataInputStream in;
    private final DataOutputStream out;
    private final Supplier<BufferedImage> screen;
    private final String name;
    private PixelFormat format = new PixelFormat(32, true, 16, 8, 0, 255, 255, 255);
    private int[] shown;

    /** How the client wants pixels written. */
    record PixelFormat(int bitsPerPixel, boolean bigEndian, int redShift, int greenShift, int blueShift, int redMax,
            int greenMax, int blueMax) {}

    RfbSession(InputStream in, OutputStream out, Supplier<BufferedImage> screen, String name) {
        this.in = new DataInputStream(in);
        this.out = new DataOutputStream(out);
        this.screen = screen;
        this.name = name;
    }

    /** Runs the session until the client goes away. */
    void run() throws IOException, InterruptedException {
        try {
            handshake();
            while (true) {
                int type = in.readUnsignedByte();
                switch (type) {
                    case 0 -> setPixelFormat();
                    case 2 -> {
                        in.skipNBytes(1);
                        in.skipNBytes(4L * in.readUnsignedShort());
                    }
                    case 3 -> update(in.readUnsignedByte() != 0, in.readUnsignedShort(), in.readUnsignedShort(),
                            in.readUnsignedShort(), in.readUnsignedShort());
                    case 4 -> in.skipNBytes(7);
                    case 5 -> in.skipNBytes(5);
                    case 6 -> {
                        in.skipNBytes(3);
                        in.skipNBytes(Integer.toUnsignedLong(in.readInt()));
                    }
                    default -> throw new IOException("unknown RFB client message " + type);
                }
            }
        } catch (EOFException e) {
            // the client closed the session
        }
    }

    private void handshake() throws IOException {
        out.write(VERSION);
        out.flush();
        byte[] version = new byte[12];
        in.readFully(version);
        if (!new String(version, StandardCharsets.US_ASCII).startsWith("RFB 003.")) {
            throw new IOException("not an RFB client");
        }
        out.writeByte(1);
        out.writeByte(SECURITY_NONE);
        out.flush();
        if (in.readUnsignedByte() != SECURITY_NONE) {
            throw new IOException("the client chose a security type that was not offered");
        }
        out.writeInt(0);
        in.readUnsignedByte(); // shared flag: every session is shared
        BufferedImage first = screen.get();
        out.writeShort(first.getWidth());
        out.writeShort(first.getHeight());
        writePixelFormat();
        byte[] title = name.getBytes(StandardCharsets.UTF_8);
        out.writeInt(title.length);
        out.write(title);
        out.flush();
    }

    private void writePixelFormat() throws IOException {
        out.writeByte(32);
        out.writeByte(24);
        out.writeByte(1); // big-endian
        out.writeByte(1); // true colour
        out.writeShort(255);
        out.writeShort(255);
        out.writeShort(255);
        out.writeByte(16);
        out.writeByte(8);
        out.writeByte(0);
        out.write(new byte[3]);
    }

    private void setPixelFormat() throws IOException {
        in.skipNBytes(3);
        int bpp = in.readUnsignedByte();
        in.readUnsignedByte(); // depth
        boolean bigEndian = in.readUnsignedByte() != 0;
        boolean trueColour = in.readUnsignedByte() != 0;
        int redMax = in.readUnsignedShort();
        int greenMax = in.readUnsignedShort();
        int blueMax = in.readUnsignedShort();
        int redShift = in.readUnsignedByte();
        int greenShift = in.readUnsignedByte();
        int blueShift = in.readUnsignedByte();
        in.skipNBytes(3);
        if (!trueColour || (bpp != 8 && bpp != 16 && bpp != 32)) {
            throw new IOException("only true-colour pixel formats of 8, 16 or 32 bits are served");
        }
        format = new PixelFormat(bpp, bigEndian, redShift, greenShift, blueShift, redMax, greenMax, blueMax);
        shown = null;
    }

    private void update(boolean incremental, int x, int y, int w, int h) throws IOException, InterruptedException {
        BufferedImage image = screen.get();
        int[] rgb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        long waited = 0;
        while (incremental && Arrays.equals(rgb, shown) && waited < 1000) {
            Thread.sleep(POLL_MILLIS);
            waited += POLL_MILLIS;
            image = screen.get();
            rgb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        }
        out.writeByte(0);
        out.writeByte(0);
        if (incremental && Arrays.equals(rgb, shown)) {
            out.writeShort(0);
            out.flush();
            return;
        }
        shown = rgb;
        int width = image.getWidth();
        x = Math.min(x, width);
        y = Math.min(y, image.getHeight());
        w = Math.min(w, width - x);
        h = Math.min(h, image.getHeight() - y);
        out.writeShort(1);
        out.writeShort(x);
        out.writeShort(y);
        out.writeShort(w);
        out.writeShort(h);
        out.writeInt(0); // raw
        int bytes = format.bitsPerPixel() / 8;
        byte[] row = new byte[w * bytes];
        for (int j = y; j < y + h; j++) {
            for (int i = 0; i < w; i++) {
                encode(rgb[j * width + x + i], row, i * bytes, bytes);
            }
            out.write(row);
        }
        out.flush();
    }

    private void encode(int argb, byte[] row, int at, int bytes) {
        PixelFormat f = format;
        long pixel = ((long) scale((argb >> 16) & 0xff, f.redMax()) << f.redShift())
                | ((long) scale((argb >> 8) & 0xff, f.greenMax()) << f.greenShift())
                | ((long) scale(argb & 0xff, f.blueMax()) << f.blueShift());
        for (int b = 0; b < bytes; b++) {
            int shift = f.bigEndian() ? 8 * (bytes - 1 - b) : 8 * b;
            row[at + b] = (byte) (pixel >>> shift);
        }
    }

    private static int scale(int value, int max) {
        return max == 255 ? value : value * max / 255;
    }
}
