package io.gio.cluster.sim;

import static java.util.Objects.requireNonNull;

import io.gio.cluster.spi.PowerState;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
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
 *
 * <p>This class picks the screen; {@link VmConnectScreens} draws the hypervisor's own screens,
 * {@link WindowsScreens} and {@link LinuxConsole} the guests', with {@link ConsoleDrawing}'s helpers.
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

    /**
     * What the screens need to know of the guest.
     *
     * @param os the guest system's name without its bitness, e.g. "CentOS Linux 7"; empty when unknown
     * @param name the VM's name as a console may show it
     */
    record Guest(Family family, String os, boolean bits32, String name, List<String> ipv4, Instant at) {
    }

    static {
        // off-screen drawing must not try to reach a display
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static final Pattern BITNESS = Pattern.compile("(?i)\\s*\\((?:32|64)[ -]?bit\\)");
    private static final Pattern THIRTY_TWO_BIT = Pattern.compile("(?i)\\b32[ -]?bit|\\bi[36]86\\b|\\bx86\\)");
    private static final List<String> LINUX_WORDS =
            List.of("linux", "centos", "ubuntu", "debian", "red hat", "rhel", "fedora", "suse", "rocky", "alma");

    private static final int MAX_NAME = 60;

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
        return png(image(guestOs, state, vmName, ipv4, at));
    }

    /** The console as an image, as {@link #render} draws it. */
    static BufferedImage image(String guestOs, PowerState state, String vmName, List<String> ipv4, Instant at) {
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
            ConsoleDrawing.hints(g);
            draw(g, state, guest);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void draw(Graphics2D g, PowerState state, Guest guest) {
        String vm = "The virtual machine '" + guest.name() + "'";
        switch (state) {
            case STOPPED -> VmConnectScreens.message(g, vm + " is turned off.", VmConnectScreens.START_HINT);
            case CREATING -> VmConnectScreens.message(g, vm + " is being created.", null);
            case CREATION_FAILED -> VmConnectScreens.message(g, vm + " could not be created.",
                    "Delete the virtual machine and create it again.");
            case DELETING -> VmConnectScreens.message(g, vm + " is being deleted.", null);
            case SAVED -> VmConnectScreens.message(g, vm + " is saved.", VmConnectScreens.START_HINT);
            case SAVING -> VmConnectScreens.message(g, vm + " is being saved.", null);
            case STARTING, RESETTING, RESTORING_CHECKPOINT -> starting(g, guest);
            case RUNNING, RESUMING -> running(g, guest);
            case PAUSED -> paused(g, guest, "Paused");
            case PAUSING -> paused(g, guest, "Pausing");
            case STOPPING -> stopping(g, guest);
            case UNKNOWN -> VmConnectScreens.cannotConnect(g);
        }
    }

    private static void starting(Graphics2D g, Guest guest) {
        switch (guest.family()) {
            case WINDOWS_2008, WINDOWS_2012, WINDOWS -> WindowsScreens.starting(g, guest);
            case LINUX, UNKNOWN -> LinuxConsole.starting(g, guest);
        }
    }

    private static void running(Graphics2D g, Guest guest) {
        switch (guest.family()) {
            case WINDOWS_2008, WINDOWS_2012, WINDOWS -> WindowsScreens.running(g, guest);
            case LINUX, UNKNOWN -> LinuxConsole.running(g, guest);
        }
    }

    /** The guest's screen as it was when it paused, under VMConnect's banner. */
    private static void paused(Graphics2D g, Guest guest, String banner) {
        running(g, guest);
        VmConnectScreens.pausedBanner(g, banner);
    }

    private static void stopping(Graphics2D g, Guest guest) {
        switch (guest.family()) {
            case WINDOWS_2008, WINDOWS_2012, WINDOWS -> WindowsScreens.stopping(g, guest);
            case LINUX, UNKNOWN -> LinuxConsole.stopping(g, guest);
        }
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
