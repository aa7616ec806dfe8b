package io.gio.cluster.sim;

import static io.gio.cluster.sim.ConsoleDrawing.centered;
import static io.gio.cluster.sim.ConsoleDrawing.fill;
import static io.gio.cluster.sim.ConsoleDrawing.sans;
import static io.gio.cluster.sim.ConsoleRenderer.HEIGHT;
import static io.gio.cluster.sim.ConsoleRenderer.WIDTH;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;

/** The screens of the hypervisor's Virtual Machine Connection itself, whatever the guest. */
final class VmConnectScreens {

    static final String START_HINT = "To start the virtual machine, select Start from the Action menu.";

    private VmConnectScreens() {
    }

    /** What VMConnect shows when there is no guest to show: white text on black. */
    static void message(Graphics2D g, String line, String hint) {
        fill(g, Color.BLACK);
        centered(g, line, sans(Font.PLAIN, 17), new Color(0xF0, 0xF0, 0xF0), HEIGHT / 2 - 6);
        if (hint != null) {
            centered(g, hint, sans(Font.PLAIN, 14), new Color(0xA8, 0xA8, 0xA8), HEIGHT / 2 + 22);
        }
    }

    static void cannotConnect(Graphics2D g) {
        g.setPaint(new GradientPaint(0, 0, new Color(0x3A, 0x3D, 0x42), 0, HEIGHT, new Color(0x24, 0x26, 0x2A)));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        int cx = WIDTH / 2;
        int cy = HEIGHT / 2 - 70;
        g.setColor(new Color(0xC8, 0xCC, 0xD2));
        g.setStroke(new BasicStroke(4f));
        g.draw(new Ellipse2D.Float(cx - 30, cy - 30, 60, 60));
        centered(g, "!", sans(Font.BOLD, 36), new Color(0xC8, 0xCC, 0xD2), cy + 13);
        centered(g, "Cannot connect to the virtual machine.", sans(Font.PLAIN, 20), new Color(0xF0, 0xF0, 0xF0),
                HEIGHT / 2 + 10);
        centered(g, "Try to connect again. If the problem persists, contact your system administrator.",
                sans(Font.PLAIN, 14), new Color(0xB0, 0xB4, 0xBA), HEIGHT / 2 + 42);
    }

    /** Dims whatever the guest showed and puts a banner such as "Paused" over it. */
    static void pausedBanner(Graphics2D g, String banner) {
        g.setColor(new Color(0, 0, 0, 150));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        RoundRectangle2D box = new RoundRectangle2D.Float(WIDTH / 2f - 170, HEIGHT / 2f - 50, 340, 100, 16, 16);
        g.setColor(new Color(0x1C, 0x1C, 0x1C, 220));
        g.fill(box);
        g.setColor(new Color(255, 255, 255, 110));
        g.setStroke(new BasicStroke(2f));
        g.draw(box);
        centered(g, banner, sans(Font.PLAIN, 36), Color.WHITE, HEIGHT / 2 + 13);
    }
}
