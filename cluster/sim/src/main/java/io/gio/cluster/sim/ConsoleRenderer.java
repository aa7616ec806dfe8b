package io.gio.cluster.sim;

import static java.util.Objects.requireNonNull;

import io.gio.cluster.spi.PowerState;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.geom.CubicCurve2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Draws the console of a simulated VM the way Hyper-V's Virtual Machine Connection shows it: a
 * message on a dark screen while the VM is off, saved or being created, and otherwise what the
 * guest would show in that power state (a boot screen, a logon or lock screen, a text console, a
 * shutdown screen), for the guest's family of operating systems.
 *
 * <p>A pure function of its inputs: the same inputs give the same PNG bytes (on the same JVM and
 * fonts). It uses Java2D on an off-screen image only, with logical fonts, and works headless.
 * Clocks shown on screen are in UTC.
 */
final class ConsoleRenderer {

    static final int WIDTH = 1024;
    static final int HEIGHT = 768;

    /** The families of guest systems whose consoles look different. */
    enum Family {
        /** Windows Server 2008 and 2008 R2 (and Windows Vista and 7, which look alike). */
        WINDOWS_2008,
        /** Windows Server 2012 and 2012 R2 (and Windows 8). */
        WINDOWS_2012,
        /** Any other Windows, drawn like Windows Server 2016 and later. */
        WINDOWS,
        /** Linux distributions, with a text console. */
        LINUX,
        UNKNOWN
    }

    static {
        // off-screen drawing must not try to reach a display
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEEE, MMMM d", Locale.US).withZone(ZoneOffset.UTC);

    private static final Pattern BITNESS = Pattern.compile("(?i)\\s*\\((?:32|64)[ -]?bit\\)");
    private static final Pattern FIRST_NUMBER = Pattern.compile("\\b(\\d{1,4})\\b");
    private static final Pattern THIRTY_TWO_BIT = Pattern.compile("(?i)\\b32[ -]?bit|\\bi[36]86\\b|\\bx86\\)");
    private static final Pattern CENTOS_7 = Pattern.compile("(?i)^CentOS(?: Linux)? 7$");
    private static final Pattern UBUNTU = Pattern.compile("(?i)^Ubuntu(?: Linux)? (\\d+)\\.(\\d+)(.*)$");
    private static final List<String> LINUX_WORDS =
            List.of("linux", "centos", "ubuntu", "debian", "red hat", "rhel", "fedora", "suse", "rocky", "alma");
    private static final List<String> RHEL_WORDS =
            List.of("centos", "red hat", "rhel", "rocky", "alma", "oracle", "fedora");

    private static final int MAX_NAME = 60;
    private static final Color VGA_GREY = new Color(0xAA, 0xAA, 0xAA);
    private static final Color VGA_GREEN = new Color(0x00, 0xAA, 0x00);
    private static final Color VGA_WHITE = new Color(0xFF, 0xFF, 0xFF);
    private static final Color MS_RED = new Color(0xF2, 0x50, 0x22);
    private static final Color MS_GREEN = new Color(0x7F, 0xBA, 0x00);
    private static final Color MS_BLUE = new Color(0x00, 0xA4, 0xEF);
    private static final Color MS_YELLOW = new Color(0xFF, 0xB9, 0x00);
    private static final String START_HINT = "To start the virtual machine, select Start from the Action menu.";

    private ConsoleRenderer() {
    }

    /** The family of a guest operating system name as the management layer records it. */
    static Family family(String guestOs) {
        if (guestOs == null || guestOs.isBlank()) {
            return Family.UNKNOWN;
        }
        String os = guestOs.toLowerCase(Locale.ROOT);
        if (os.contains("windows")) {
            if (os.contains("2008") || os.contains("windows 7") || os.contains("vista")) {
                return Family.WINDOWS_2008;
            }
            if (os.contains("2012") || os.contains("windows 8")) {
                return Family.WINDOWS_2012;
            }
            return Family.WINDOWS;
        }
        return LINUX_WORDS.stream().anyMatch(os::contains) ? Family.LINUX : Family.UNKNOWN;
    }

    /**
     * The console as a 1024x768 PNG.
     *
     * @param guestOs the guest system's name, e.g. "CentOS Linux 7 (64 bit)"; null when unknown
     * @param ipv4 the VM's addresses, first NIC first (a Linux guest may show one)
     * @param at the instant of the frame: the time on clocks, and the phase of spinners
     */
    static byte[] render(String guestOs, PowerState state, String vmName, List<String> ipv4, Instant at) {
        requireNonNull(state, "state is null");
        requireNonNull(vmName, "vmName is null");
        requireNonNull(ipv4, "ipv4 is null");
        requireNonNull(at, "at is null");
        String os = guestOs == null ? "" : BITNESS.matcher(guestOs).replaceAll("").strip();
        boolean bits32 = guestOs != null && THIRTY_TWO_BIT.matcher(guestOs).find();
        Guest guest = new Guest(family(guestOs), os, bits32, displayName(vmName), List.copyOf(ipv4), at);
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            hints(g);
            draw(g, state, guest);
        } finally {
            g.dispose();
        }
        return png(image);
    }

    private record Guest(Family family, String os, boolean bits32, String name, List<String> ipv4, Instant at) {
    }

    private static void draw(Graphics2D g, PowerState state, Guest guest) {
        String vm = "The virtual machine '" + guest.name() + "'";
        switch (state) {
            case STOPPED -> message(g, vm + " is turned off.", START_HINT);
            case CREATING -> message(g, vm + " is being created.", null);
            case CREATION_FAILED ->
                    message(g, vm + " could not be created.", "Delete the virtual machine and create it again.");
            case DELETING -> message(g, vm + " is being deleted.", null);
            case SAVED -> message(g, vm + " is saved.", START_HINT);
            case SAVING -> message(g, vm + " is being saved.", null);
            case STARTING, RESETTING, RESTORING_CHECKPOINT -> starting(g, guest);
            case RUNNING, RESUMING -> running(g, guest);
            case PAUSED -> paused(g, guest, "Paused");
            case PAUSING -> paused(g, guest, "Pausing");
            case STOPPING -> stopping(g, guest);
            case UNKNOWN -> cannotConnect(g);
        }
    }

    // --- screens of the hypervisor

    /** What VMConnect shows when there is no guest to show: white text on black. */
    private static void message(Graphics2D g, String line, String hint) {
        fill(g, Color.BLACK);
        centered(g, line, sans(Font.PLAIN, 17), new Color(0xF0, 0xF0, 0xF0), HEIGHT / 2 - 6);
        if (hint != null) {
            centered(g, hint, sans(Font.PLAIN, 14), new Color(0xA8, 0xA8, 0xA8), HEIGHT / 2 + 22);
        }
    }

    private static void cannotConnect(Graphics2D g) {
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

    private static void paused(Graphics2D g, Guest guest, String banner) {
        running(g, guest);
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

    // --- screens of the guest

    private static void starting(Graphics2D g, Guest guest) {
        switch (guest.family()) {
            case WINDOWS_2008 -> {
                fill(g, Color.BLACK);
                g.setPaint(new RadialGradientPaint(new Point2D.Float(WIDTH / 2f, 330), 140f, new float[] {0f, 1f},
                        new Color[] {new Color(0x40, 0x70, 0xB0, 70), new Color(0x40, 0x70, 0xB0, 0)}));
                g.fillRect(0, 180, WIDTH, 300);
                flag(g, WIDTH / 2 - 50, 280, 100);
                centered(g, "Starting Windows", sans(Font.PLAIN, 26), new Color(0xF2, 0xF2, 0xF2), 500);
                centered(g, "\u00a9 Microsoft Corporation", sans(Font.PLAIN, 13), new Color(0x90, 0x90, 0x90),
                        HEIGHT - 40);
            }
            case WINDOWS_2012, WINDOWS -> {
                fill(g, Color.BLACK);
                Color blue = guest.family() == Family.WINDOWS_2012 ? new Color(0x1B, 0xA1, 0xE2)
                        : new Color(0x00, 0x78, 0xD7);
                windowLogo(g, WIDTH / 2f, 300, 170, blue);
                spinner(g, WIDTH / 2f, 540, 22, guest.at(), Color.WHITE);
            }
            case LINUX -> console(g, linuxBoot(guest), false);
            case UNKNOWN -> console(g, List.of(List.of(grey("Booting from Hard Disk..."))), true);
        }
    }

    private static void running(Graphics2D g, Guest guest) {
        switch (guest.family()) {
            case WINDOWS_2008 -> {
                g.drawImage(Backgrounds.AURORA, 0, 0, null);
                centered(g, "Press CTRL + ALT + DELETE to log on", sans(Font.PLAIN, 24), Color.WHITE,
                        HEIGHT / 2 + 8, true);
                branding(g, guest);
            }
            case WINDOWS_2012 -> {
                g.drawImage(Backgrounds.TEAL, 0, 0, null);
                lockClock(g, guest.at());
            }
            case WINDOWS -> {
                g.drawImage(Backgrounds.HERO, 0, 0, null);
                lockClock(g, guest.at());
            }
            case LINUX -> console(g, linuxLogin(guest), true);
            case UNKNOWN -> console(g, List.of(), true);
        }
    }

    private static void stopping(Graphics2D g, Guest guest) {
        switch (guest.family()) {
            case WINDOWS_2008 -> {
                g.drawImage(Backgrounds.AURORA, 0, 0, null);
                Font font = sans(Font.PLAIN, 24);
                String text = "Shutting down...";
                int textWidth = g.getFontMetrics(font).stringWidth(text);
                int left = (WIDTH - textWidth - 44) / 2;
                ring(g, left + 14, HEIGHT / 2f, 14, guest.at());
                text(g, text, font, Color.WHITE, left + 44, HEIGHT / 2 + 9, true);
                branding(g, guest);
            }
            case WINDOWS_2012, WINDOWS -> {
                fill(g, guest.family() == Family.WINDOWS_2012 ? new Color(0x00, 0x3F, 0x52)
                        : new Color(0x0A, 0x35, 0x6A));
                Font font = sans(Font.PLAIN, 28);
                String text = "Shutting down";
                int textWidth = g.getFontMetrics(font).stringWidth(text);
                int left = (WIDTH - textWidth - 64) / 2;
                spinner(g, left + 20, HEIGHT / 2f, 18, guest.at(), Color.WHITE);
                text(g, text, font, Color.WHITE, left + 64, HEIGHT / 2 + 10, false);
            }
            case LINUX -> {
                List<List<Span>> lines = new ArrayList<>(linuxLogin(guest));
                lines.add(List.of());
                lines.addAll(linuxShutdown());
                console(g, lines, false);
            }
            case UNKNOWN -> {
                fill(g, Color.BLACK);
                centered(g, "Shutting down...", sans(Font.PLAIN, 22), new Color(0xC0, 0xC0, 0xC0), HEIGHT / 2);
            }
        }
    }

    // --- Windows pieces

    /**
     * The backgrounds that do not depend on the inputs, painted once: they take most of the
     * drawing time. Only read after they are painted, so they can be shared between threads.
     */
    private static final class Backgrounds {
        static final BufferedImage AURORA = paint(ConsoleRenderer::aurora);
        static final BufferedImage TEAL = paint(ConsoleRenderer::teal);
        static final BufferedImage HERO = paint(ConsoleRenderer::hero);

        private static BufferedImage paint(Consumer<Graphics2D> painter) {
            BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            try {
                hints(g);
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
    private static void flag(Graphics2D g, int x, int y, int size) {
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

    /** The product name under the logon prompt, with the flag. */
    private static void branding(Graphics2D g, Guest guest) {
        String name = guest.os().isEmpty() ? "Windows Server 2008 R2" : guest.os();
        Font font = sans(Font.PLAIN, 20);
        int width = g.getFontMetrics(font).stringWidth(name);
        int left = (WIDTH - width - 34) / 2;
        flag(g, left, HEIGHT - 82, 24);
        text(g, name, font, new Color(0xF4, 0xF8, 0xFF), left + 34, HEIGHT - 63, true);
        // the Ease of Access button, bottom left
        g.setColor(new Color(255, 255, 255, 70));
        g.fill(new RoundRectangle2D.Float(24, HEIGHT - 64, 40, 40, 8, 8));
        g.setColor(new Color(0x1E, 0x5F, 0xB0));
        g.setStroke(new BasicStroke(3f));
        g.draw(new Ellipse2D.Float(33, HEIGHT - 55, 22, 22));
        g.fill(new Ellipse2D.Float(41, HEIGHT - 50, 6, 6));
    }

    /** The busy ring of Windows 7: a faint circle with a brighter arc. */
    private static void ring(Graphics2D g, float cx, float cy, float radius, Instant at) {
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
    private static void windowLogo(Graphics2D g, float cx, float cy, float size, Color color) {
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
    private static void spinner(Graphics2D g, float cx, float cy, float radius, Instant at, Color color) {
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

    /** The big clock and the date of a lock screen, bottom left. */
    private static void lockClock(Graphics2D g, Instant at) {
        text(g, CLOCK.format(at), sans(Font.PLAIN, 124), Color.WHITE, 52, HEIGHT - 150, true);
        text(g, DATE.format(at), sans(Font.PLAIN, 40), Color.WHITE, 58, HEIGHT - 88, true);
    }

    // --- Linux pieces

    /** A run of text on the console in one colour. */
    private record Span(String text, Color color) {
    }

    private static Span grey(String text) {
        return new Span(text, VGA_GREY);
    }

    private static List<Span> ok(String what) {
        return List.of(grey("["), new Span("  OK  ", VGA_GREEN), grey("] " + what));
    }

    private static List<Span> line(String text) {
        return List.of(grey(text));
    }

    private static boolean rhelLike(String os) {
        String lower = os.toLowerCase(Locale.ROOT);
        return RHEL_WORDS.stream().anyMatch(lower::contains);
    }

    private static boolean debianLike(String os) {
        String lower = os.toLowerCase(Locale.ROOT);
        return lower.contains("ubuntu") || lower.contains("debian");
    }

    private static int major(String os) {
        Matcher m = FIRST_NUMBER.matcher(os);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static String arch(Guest guest) {
        return guest.bits32() ? "i686" : "x86_64";
    }

    /** The name as the distribution's /etc/issue spells it. */
    private static String issueName(String os) {
        if (CENTOS_7.matcher(os).matches()) {
            return "CentOS Linux 7 (Core)";
        }
        Matcher ubuntu = UBUNTU.matcher(os);
        if (ubuntu.matches()) {
            int year = Integer.parseInt(ubuntu.group(1));
            boolean lts = ubuntu.group(2).equals("04") && year % 2 == 0 && ubuntu.group(3).isBlank();
            return "Ubuntu " + ubuntu.group(1) + "." + ubuntu.group(2) + (lts ? " LTS" : ubuntu.group(3));
        }
        return os.isEmpty() ? "Linux" : os;
    }

    private static String kernel(Guest guest) {
        String os = guest.os();
        String lower = os.toLowerCase(Locale.ROOT);
        if (lower.contains("ubuntu")) {
            return "5.15.0-91-generic";
        }
        if (lower.contains("debian")) {
            return "5.10.0-26-amd64";
        }
        if (lower.contains("fedora")) {
            return "6.5.6-300.fc39." + arch(guest);
        }
        if (rhelLike(os)) {
            String base = switch (major(os)) {
                case 5 -> "2.6.18-419.el5";
                case 6 -> "2.6.32-754.el6";
                case 8 -> "4.18.0-513.el8";
                case 9 -> "5.14.0-362.el9";
                default -> "3.10.0-1160.el7";
            };
            return base + "." + arch(guest);
        }
        return "5.14.21-150500.55-default";
    }

    private static String hostname(Guest guest) {
        String host = guest.name().replaceAll("\\s+", "-");
        return host.isEmpty() ? "localhost" : host;
    }

    /** The getty banner and login prompt; the prompt's cursor is drawn by {@link #console}. */
    private static List<List<Span>> linuxLogin(Guest guest) {
        String os = issueName(guest.os());
        String host = hostname(guest);
        List<List<Span>> lines = new ArrayList<>();
        if (debianLike(guest.os())) {
            lines.add(line(os + " " + host + " tty1"));
            lines.add(List.of());
        } else {
            lines.add(line(os));
            lines.add(line("Kernel " + kernel(guest) + " on an " + arch(guest)));
            lines.add(List.of());
            boolean cockpit = major(guest.os()) >= 8 || guest.os().toLowerCase(Locale.ROOT).contains("fedora");
            if (rhelLike(guest.os()) && cockpit) {
                lines.add(line(guest.ipv4().isEmpty()
                        ? "Activate the web console with: systemctl enable --now cockpit.socket"
                        : "Web console: https://" + host + ":9090/ or https://" + guest.ipv4().get(0) + ":9090/"));
                lines.add(List.of());
            }
        }
        lines.add(line(host + " login: "));
        return lines;
    }

    private static List<List<Span>> linuxBoot(Guest guest) {
        List<List<Span>> lines = new ArrayList<>();
        lines.add(line("Booting from Hard Disk..."));
        if (rhelLike(guest.os())) {
            lines.add(line("Probing EDD (edd=off to disable)... ok"));
        } else {
            lines.add(line("Loading Linux " + kernel(guest) + " ..."));
            lines.add(line("Loading initial ramdisk ..."));
        }
        lines.add(List.of());
        lines.add(List.of(grey("Welcome to "), new Span(issueName(guest.os()), VGA_WHITE), grey("!")));
        lines.add(List.of());
        lines.add(ok("Started Journal Service."));
        lines.add(ok("Started Apply Kernel Variables."));
        lines.add(ok("Started udev Kernel Device Manager."));
        lines.add(ok("Found device Virtual_Disk 2."));
        lines.add(ok("Reached target Local File Systems (Pre)."));
        lines.add(ok("Mounted /boot."));
        lines.add(ok("Reached target Local File Systems."));
        lines.add(line("         Starting Create Volatile Files and Directories..."));
        lines.add(ok("Started Create Volatile Files and Directories."));
        lines.add(ok("Started Hyper-V KVP Protocol Daemon."));
        lines.add(ok("Started Hyper-V VSS Protocol Daemon."));
        lines.add(ok("Reached target System Initialization."));
        lines.add(ok("Listening on D-Bus System Message Bus Socket."));
        lines.add(ok("Reached target Sockets."));
        lines.add(ok("Reached target Basic System."));
        lines.add(line("         Starting Login Service..."));
        lines.add(line("         Starting Network Manager..."));
        lines.add(ok("Started Login Service."));
        lines.add(ok("Started Network Manager."));
        lines.add(ok("Reached target Network."));
        lines.add(line("         Starting OpenSSH server daemon..."));
        return lines;
    }

    private static List<List<Span>> linuxShutdown() {
        List<List<Span>> lines = new ArrayList<>();
        lines.add(ok("Stopped target Multi-User System."));
        lines.add(line("         Stopping OpenSSH server daemon..."));
        lines.add(line("         Stopping Login Service..."));
        lines.add(line("         Stopping Hyper-V KVP Protocol Daemon..."));
        lines.add(ok("Stopped OpenSSH server daemon."));
        lines.add(ok("Stopped Login Service."));
        lines.add(ok("Stopped Hyper-V KVP Protocol Daemon."));
        lines.add(ok("Stopped target Network."));
        lines.add(line("         Stopping Network Manager..."));
        lines.add(ok("Stopped Network Manager."));
        lines.add(ok("Stopped target Basic System."));
        lines.add(ok("Stopped target Local File Systems."));
        lines.add(line("         Unmounting /boot..."));
        lines.add(ok("Unmounted /boot."));
        lines.add(ok("Reached target Unmount All Filesystems."));
        lines.add(ok("Reached target Shutdown."));
        return lines;
    }

    /**
     * A text console: light grey on black in a fixed cell grid, not anti-aliased, like the
     * Hyper-V frame buffer console; with {@code cursor} an underscore follows the last line.
     */
    private static void console(Graphics2D g, List<List<Span>> lines, boolean cursor) {
        fill(g, Color.BLACK);
        Object hint = g.getRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
        Font font = new Font(Font.MONOSPACED, Font.PLAIN, 14);
        g.setFont(font);
        FontMetrics metrics = g.getFontMetrics();
        int cell = Math.max(1, metrics.charWidth('m'));
        int lineHeight = 16;
        int rows = HEIGHT / lineHeight;
        int first = Math.max(0, lines.size() + (cursor ? 1 : 0) - rows);
        int row = 0;
        int column = 0;
        for (Iterator<List<Span>> it = lines.listIterator(first); it.hasNext(); ) {
            column = 0;
            for (Span span : it.next()) {
                g.setColor(span.color());
                g.drawString(span.text(), 2 + column * cell, 13 + row * lineHeight);
                column += span.text().length();
            }
            row++;
        }
        if (cursor) {
            int cursorRow = lines.isEmpty() ? 0 : row - 1;
            int cursorColumn = lines.isEmpty() ? 0 : column;
            g.setColor(VGA_GREY);
            g.fillRect(2 + cursorColumn * cell, 13 + cursorRow * lineHeight, cell, 2);
        }
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, hint);
    }

    // --- drawing helpers

    private static void hints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_OFF);
    }

    private static Font sans(int style, int size) {
        return new Font(Font.SANS_SERIF, style, size);
    }

    private static void fill(Graphics2D g, Color color) {
        g.setColor(color);
        g.fillRect(0, 0, WIDTH, HEIGHT);
    }

    private static void centered(Graphics2D g, String text, Font font, Color color, int baseline) {
        centered(g, text, font, color, baseline, false);
    }

    /** Text centred horizontally, made smaller if it would not fit the width. */
    private static void centered(Graphics2D g, String text, Font font, Color color, int baseline, boolean shadow) {
        Font fitted = font;
        while (g.getFontMetrics(fitted).stringWidth(text) > WIDTH - 48 && fitted.getSize() > 9) {
            fitted = fitted.deriveFont((float) fitted.getSize() - 1);
        }
        int width = g.getFontMetrics(fitted).stringWidth(text);
        text(g, text, fitted, color, (WIDTH - width) / 2, baseline, shadow);
    }

    private static void text(Graphics2D g, String text, Font font, Color color, int x, int baseline, boolean shadow) {
        g.setFont(font);
        if (shadow) {
            g.setColor(new Color(0, 0, 0, 90));
            g.drawString(text, x + 1, baseline + 2);
        }
        g.setColor(color);
        g.drawString(text, x, baseline);
    }

    /** The VM name as a console may show it: no control characters, at most {@value #MAX_NAME} characters. */
    private static String displayName(String vmName) {
        StringBuilder name = new StringBuilder();
        vmName.strip().codePoints().limit(MAX_NAME + 1L)
                .forEach(cp -> name.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        if (name.codePointCount(0, name.length()) > MAX_NAME) {
            name.setLength(name.offsetByCodePoints(0, MAX_NAME - 1));
            name.append('\u2026');
        }
        return name.toString();
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        // an in-memory stream: ImageIO's default cache would write temporary files
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(image);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the console as PNG", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
