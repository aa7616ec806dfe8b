package io.gio.cluster.sim;

import static io.gio.cluster.sim.ConsoleDrawing.centered;
import static io.gio.cluster.sim.ConsoleDrawing.fill;
import static io.gio.cluster.sim.ConsoleDrawing.sans;
import static io.gio.cluster.sim.ConsoleRenderer.HEIGHT;

import io.gio.cluster.sim.ConsoleRenderer.Family;
import io.gio.cluster.sim.ConsoleRenderer.Guest;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text console of a Linux guest (the boot log, the getty login prompt, the shutdown log, in
 * the words of its distribution), and the bare screens of a guest system the renderer does not know.
 */
final class LinuxConsole {

    private static final Pattern FIRST_NUMBER = Pattern.compile("\\b(\\d{1,4})\\b");
    private static final Pattern CENTOS_7 = Pattern.compile("(?i)^CentOS(?: Linux)? 7$");
    private static final Pattern UBUNTU = Pattern.compile("(?i)^Ubuntu(?: Linux)? (\\d+)\\.(\\d+)(.*)$");
    private static final List<String> RHEL_WORDS =
            List.of("centos", "red hat", "rhel", "rocky", "alma", "oracle", "fedora");

    private static final Color VGA_GREY = new Color(0xAA, 0xAA, 0xAA);
    private static final Color VGA_GREEN = new Color(0x00, 0xAA, 0x00);
    private static final Color VGA_WHITE = new Color(0xFF, 0xFF, 0xFF);

    private LinuxConsole() {
    }

    static void starting(Graphics2D g, Guest guest) {
        if (guest.family() == Family.LINUX) {
            console(g, linuxBoot(guest), false);
        } else {
            console(g, List.of(List.of(grey("Booting from Hard Disk..."))), true);
        }
    }

    static void running(Graphics2D g, Guest guest) {
        console(g, guest.family() == Family.LINUX ? linuxLogin(guest) : List.of(), true);
    }

    static void stopping(Graphics2D g, Guest guest) {
        if (guest.family() == Family.LINUX) {
            List<List<Span>> lines = new ArrayList<>(linuxLogin(guest));
            lines.add(List.of());
            lines.addAll(linuxShutdown());
            console(g, lines, false);
        } else {
            fill(g, Color.BLACK);
            centered(g, "Shutting down...", sans(Font.PLAIN, 22), new Color(0xC0, 0xC0, 0xC0), HEIGHT / 2);
        }
    }

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
}
