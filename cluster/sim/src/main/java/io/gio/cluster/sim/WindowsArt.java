package io.gio.cluster.sim;

import static io.gio.cluster.sim.ConsoleRenderer.HEIGHT;
import static io.gio.cluster.sim.ConsoleRenderer.WIDTH;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.geom.Arc2D;
import java.awt.geom.CubicCurve2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.function.Consumer;

/** The artwork of Windows screens: backgrounds, logos, and busy indicators that turn with the clock. */
final class WindowsArt {

    private static final Color MS_RED = new Color(0xF2, 0x50, 0x22);
    private static final Color MS_GREEN = new Color(0x7F, 0xBA, 0x00);
    private static final Color MS_BLUE = new Color(0x00, 0xA4, 0xEF);
    private static final Color MS_YELLOW = new Color(0xFF, 0xB9, 0x00);

    private WindowsArt() {
    }

    /**
     * The backgrounds that do not depend on the inputs, painted once: they take most of the
     * drawing time. Only read after they are painted, so they can be shared between threads.
     */
    static final class Backgrounds {
        static final BufferedImage AURORA = paint(WindowsArt::aurora);
        static final BufferedImage TEAL = paint(WindowsArt::teal);
        static final BufferedImage HERO = paint(WindowsArt::hero);

        private static BufferedImage paint(Consumer<Graphics2D> painter) {
            BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            try {
                ConsoleDrawing.hints(g);
                painter.accept(g);
            } finally {
                g.dispose();
            }
            return image;
        }
    }

    /** The blue of the Windows 7 era logon screen, with a glow and a few light streaks. */
    private static void aurora(Graphics2D g) {
        g.setPaint(new GradientPaint(0, 0, new Color(0x06, 0x26, 0x58), 0, HEIGHT, new Color(0x0D, 0x4F, 0x9E)));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setPaint(new RadialGradientPaint(new Point2D.Float(WIDTH / 2f, HEIGHT * 0.62f), 560f,
                new float[] {0f, 0.55f, 1f}, new Color[] {new Color(0x5C, 0xB4, 0xF4, 190),
                    new Color(0x2A, 0x7C, 0xD0, 90), new Color(0x2A, 0x7C, 0xD0, 0)}));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        float[][] streaks = {
            {-80, 620, 260, 420, 620, 760, 1100, 470},
            {-60, 700, 300, 520, 700, 820, 1100, 560},
            {-40, 540, 380, 300, 560, 700, 1100, 380},
            {120, 800, 420, 560, 760, 600, 1100, 700},
        };
        int[] widths = {70, 34, 16, 110};
        int[] alphas = {26, 34, 44, 18};
        for (int i = 0; i < streaks.length; i++) {
            float[] s = streaks[i];
            g.setStroke(new BasicStroke(widths[i], BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.setColor(new Color(i == 3 ? 0x9F : 0xD8, i == 3 ? 0xF0 : 0xEE, 0xFF, alphas[i]));
            g.draw(new CubicCurve2D.Float(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]));
        }
    }

    /** The Windows flag of the time, as four coloured squares. */
    static void flag(Graphics2D g, int x, int y, int size) {
        int gap = Math.max(2, size / 16);
        int square = (size - gap) / 2;
        g.setColor(MS_RED);
        g.fillRect(x, y, square, square);
        g.setColor(MS_GREEN);
        g.fillRect(x + square + gap, y, square, square);
        g.setColor(MS_BLUE);
        g.fillRect(x, y + square + gap, square, square);
        g.setColor(MS_YELLOW);
        g.fillRect(x + square + gap, y + square + gap, square, square);
    }

    /** The busy ring of Windows 7: a faint circle with a brighter arc. */
    static void ring(Graphics2D g, float cx, float cy, float radius, Instant at) {
        g.setStroke(new BasicStroke(4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.setColor(new Color(255, 255, 255, 60));
        g.draw(new Ellipse2D.Float(cx - radius, cy - radius, 2 * radius, 2 * radius));
        double start = -360.0 * (Math.floorMod(at.toEpochMilli(), 1200L) / 1200.0);
        g.setColor(new Color(0xC8, 0xEC, 0xFF));
        g.draw(new Arc2D.Double(cx - radius, cy - radius, 2 * radius, 2 * radius, start, 100, Arc2D.OPEN));
    }

    /** The teal of the Windows Server 2012 R2 lock screen, with faint diagonal bands. */
    private static void teal(Graphics2D g) {
        g.setPaint(new GradientPaint(0, 0, new Color(0x00, 0x52, 0x62), WIDTH, HEIGHT, new Color(0x00, 0x22, 0x38)));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(new Color(255, 255, 255, 10));
        for (int i = 0; i < 4; i++) {
            int x = 260 + i * 190;
            int[] xs = {x, x + 70 + i * 20, x - 320, x - 390 - i * 20};
            g.fillPolygon(xs, new int[] {0, 0, HEIGHT, HEIGHT}, 4);
        }
    }

    /** A dark blue lock screen with a beam of light through a window, as in later Windows. */
    private static void hero(Graphics2D g) {
        g.setPaint(new GradientPaint(0, 0, new Color(0x04, 0x14, 0x34), WIDTH, HEIGHT, new Color(0x0B, 0x3A, 0x78)));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setPaint(new RadialGradientPaint(new Point2D.Float(600, 330), 460f, new float[] {0f, 1f},
                new Color[] {new Color(0x3C, 0x9C, 0xFF, 150), new Color(0x3C, 0x9C, 0xFF, 0)}));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        windowLogo(g, 600, 330, 210, new Color(0x9F, 0xD6, 0xFF, 120));
    }

    /** The Windows 8 and later logo: four panes of a window seen in perspective. */
    static void windowLogo(Graphics2D g, float cx, float cy, float size, Color color) {
        float left = cx - size / 2;
        float right = cx + size / 2;
        float gap = size * 0.035f;
        float split = left + size * 0.44f;
        float leftHeight = size * 0.84f;
        float rightHeight = size;
        g.setColor(color);
        float[][] columns = {{left, split - gap}, {split + gap, right}};
        for (float[] column : columns) {
            float a = column[0];
            float b = column[1];
            float topA = cy - height(a, left, right, leftHeight, rightHeight) / 2;
            float topB = cy - height(b, left, right, leftHeight, rightHeight) / 2;
            float bottomA = cy + height(a, left, right, leftHeight, rightHeight) / 2;
            float bottomB = cy + height(b, left, right, leftHeight, rightHeight) / 2;
            g.fill(quad(a, topA, b, topB, b, cy - gap, a, cy - gap));
            g.fill(quad(a, cy + gap, b, cy + gap, b, bottomB, a, bottomA));
        }
    }

    private static float height(float x, float left, float right, float leftHeight, float rightHeight) {
        return leftHeight + (rightHeight - leftHeight) * (x - left) / (right - left);
    }

    private static Path2D quad(float... xy) {
        Path2D.Float path = new Path2D.Float();
        path.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) {
            path.lineTo(xy[i], xy[i + 1]);
        }
        path.closePath();
        return path;
    }

    /** The dots of Windows 8 and later chasing each other round a circle. */
    static void spinner(Graphics2D g, float cx, float cy, float radius, Instant at, Color color) {
        double phase = 2 * Math.PI * (Math.floorMod(at.toEpochMilli(), 2000L) / 2000.0);
        float dot = Math.max(2.5f, radius / 5.5f);
        for (int i = 0; i < 5; i++) {
            double angle = phase - i * 0.55;
            float x = (float) (cx + radius * Math.sin(angle));
            float y = (float) (cy - radius * Math.cos(angle));
            g.setColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 255 - i * 30));
            g.fill(new Ellipse2D.Float(x - dot, y - dot, 2 * dot, 2 * dot));
        }
    }

}
