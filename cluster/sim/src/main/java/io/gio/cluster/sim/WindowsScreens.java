package io.gio.cluster.sim;

import static io.gio.cluster.sim.ConsoleDrawing.centered;
import static io.gio.cluster.sim.ConsoleDrawing.fill;
import static io.gio.cluster.sim.ConsoleDrawing.sans;
import static io.gio.cluster.sim.ConsoleDrawing.text;
import static io.gio.cluster.sim.ConsoleRenderer.HEIGHT;
import static io.gio.cluster.sim.ConsoleRenderer.WIDTH;

import io.gio.cluster.sim.ConsoleRenderer.Family;
import io.gio.cluster.sim.ConsoleRenderer.Guest;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Point2D;
import java.awt.geom.RoundRectangle2D;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * What a Windows guest shows while it starts, runs and shuts down: the boot screen, the logon or
 * lock screen, the shutdown screen, in the look of its generation. The artwork is {@link WindowsArt}'s.
 */
final class WindowsScreens {

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEEE, MMMM d", Locale.US).withZone(ZoneOffset.UTC);

    private WindowsScreens() {
    }

    static void starting(Graphics2D g, Guest guest) {
        if (guest.family() == Family.WINDOWS_2008) {
            fill(g, Color.BLACK);
            g.setPaint(new RadialGradientPaint(new Point2D.Float(WIDTH / 2f, 330), 140f, new float[] {0f, 1f},
                    new Color[] {new Color(0x40, 0x70, 0xB0, 70), new Color(0x40, 0x70, 0xB0, 0)}));
            g.fillRect(0, 180, WIDTH, 300);
            WindowsArt.flag(g, WIDTH / 2 - 50, 280, 100);
            centered(g, "Starting Windows", sans(Font.PLAIN, 26), new Color(0xF2, 0xF2, 0xF2), 500);
            centered(g, "\u00a9 Microsoft Corporation", sans(Font.PLAIN, 13), new Color(0x90, 0x90, 0x90),
                    HEIGHT - 40);
        } else {
            fill(g, Color.BLACK);
            Color blue = guest.family() == Family.WINDOWS_2012 ? new Color(0x1B, 0xA1, 0xE2)
                    : new Color(0x00, 0x78, 0xD7);
            WindowsArt.windowLogo(g, WIDTH / 2f, 300, 170, blue);
            WindowsArt.spinner(g, WIDTH / 2f, 540, 22, guest.at(), Color.WHITE);
        }
    }

    static void running(Graphics2D g, Guest guest) {
        switch (guest.family()) {
            case WINDOWS_2008 -> {
                g.drawImage(WindowsArt.Backgrounds.AURORA, 0, 0, null);
                centered(g, "Press CTRL + ALT + DELETE to log on", sans(Font.PLAIN, 24), Color.WHITE,
                        HEIGHT / 2 + 8, true);
                branding(g, guest);
            }
            case WINDOWS_2012 -> {
                g.drawImage(WindowsArt.Backgrounds.TEAL, 0, 0, null);
                lockClock(g, guest.at());
            }
            default -> {
                g.drawImage(WindowsArt.Backgrounds.HERO, 0, 0, null);
                lockClock(g, guest.at());
            }
        }
    }

    static void stopping(Graphics2D g, Guest guest) {
        if (guest.family() == Family.WINDOWS_2008) {
            g.drawImage(WindowsArt.Backgrounds.AURORA, 0, 0, null);
            Font font = sans(Font.PLAIN, 24);
            String text = "Shutting down...";
            int textWidth = g.getFontMetrics(font).stringWidth(text);
            int left = (WIDTH - textWidth - 44) / 2;
            WindowsArt.ring(g, left + 14, HEIGHT / 2f, 14, guest.at());
            text(g, text, font, Color.WHITE, left + 44, HEIGHT / 2 + 9, true);
            branding(g, guest);
        } else {
            fill(g, guest.family() == Family.WINDOWS_2012 ? new Color(0x00, 0x3F, 0x52)
                    : new Color(0x0A, 0x35, 0x6A));
            Font font = sans(Font.PLAIN, 28);
            String text = "Shutting down";
            int textWidth = g.getFontMetrics(font).stringWidth(text);
            int left = (WIDTH - textWidth - 64) / 2;
            WindowsArt.spinner(g, left + 20, HEIGHT / 2f, 18, guest.at(), Color.WHITE);
            text(g, text, font, Color.WHITE, left + 64, HEIGHT / 2 + 10, false);
        }
    }

    /** The product name under the logon prompt, with the flag. */
    private static void branding(Graphics2D g, Guest guest) {
        String name = guest.os().isEmpty() ? "Windows Server 2008 R2" : guest.os();
        Font font = sans(Font.PLAIN, 20);
        int width = g.getFontMetrics(font).stringWidth(name);
        int left = (WIDTH - width - 34) / 2;
        WindowsArt.flag(g, left, HEIGHT - 82, 24);
        text(g, name, font, new Color(0xF4, 0xF8, 0xFF), left + 34, HEIGHT - 63, true);
        // the Ease of Access button, bottom left
        g.setColor(new Color(255, 255, 255, 70));
        g.fill(new RoundRectangle2D.Float(24, HEIGHT - 64, 40, 40, 8, 8));
        g.setColor(new Color(0x1E, 0x5F, 0xB0));
        g.setStroke(new BasicStroke(3f));
        g.draw(new Ellipse2D.Float(33, HEIGHT - 55, 22, 22));
        g.fill(new Ellipse2D.Float(41, HEIGHT - 50, 6, 6));
    }

    /** The big clock and the date of a lock screen, bottom left. */
    private static void lockClock(Graphics2D g, Instant at) {
        text(g, CLOCK.format(at), sans(Font.PLAIN, 124), Color.WHITE, 52, HEIGHT - 150, true);
        text(g, DATE.format(at), sans(Font.PLAIN, 40), Color.WHITE, 58, HEIGHT - 88, true);
    }
}
