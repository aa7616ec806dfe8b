package io.gio.cluster.sim;

import static io.gio.cluster.sim.ConsoleRenderer.HEIGHT;
import static io.gio.cluster.sim.ConsoleRenderer.WIDTH;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;

/** The drawing helpers the console screens share: rendering hints, fonts, fills and text. */
final class ConsoleDrawing {

    private ConsoleDrawing() {
    }

    static void hints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_OFF);
    }

    static Font sans(int style, int size) {
        return new Font(Font.SANS_SERIF, style, size);
    }

    /** The whole screen in one colour. */
    static void fill(Graphics2D g, Color color) {
        g.setColor(color);
        g.fillRect(0, 0, WIDTH, HEIGHT);
    }

    static void centered(Graphics2D g, String text, Font font, Color color, int baseline) {
        centered(g, text, font, color, baseline, false);
    }

    /** Text centred horizontally, made smaller if it would not fit the width. */
    static void centered(Graphics2D g, String text, Font font, Color color, int baseline, boolean shadow) {
        Font fitted = font;
        while (g.getFontMetrics(fitted).stringWidth(text) > WIDTH - 48 && fitted.getSize() > 9) {
            fitted = fitted.deriveFont((float) fitted.getSize() - 1);
        }
        int width = g.getFontMetrics(fitted).stringWidth(text);
        text(g, text, fitted, color, (WIDTH - width) / 2, baseline, shadow);
    }

    static void text(Graphics2D g, String text, Font font, Color color, int x, int baseline, boolean shadow) {
        g.setFont(font);
        if (shadow) {
            g.setColor(new Color(0, 0, 0, 90));
            g.drawString(text, x + 1, baseline + 2);
        }
        g.setColor(color);
        g.drawString(text, x, baseline);
    }
}
