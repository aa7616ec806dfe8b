package io.gio.cluster.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gio.cluster.sim.ConsoleRenderer.Family;
import io.gio.cluster.spi.PowerState;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConsoleRendererTest {

    /** A Tuesday. */
    private static final Instant AT = Instant.parse("2015-12-01T14:05:33.250Z");
    private static final String WS2008R2 = "Windows Server 2008 R2 Datacenter";
    private static final String WS2012R2 = "Windows Server 2012 R2 Datacenter";
    private static final String CENTOS = "CentOS Linux 7 (64 bit)";
    private static final List<String> NO_IPS = List.of();
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    @Test
    void rendersHeadless() {
        assertTrue(GraphicsEnvironment.isHeadless(), "the tests run with java.awt.headless=true");
    }

    @Test
    void familiesFollowTheGuestOsName() {
        assertEquals(Family.WINDOWS_2008, ConsoleRenderer.family(WS2008R2));
        assertEquals(Family.WINDOWS_2008, ConsoleRenderer.family("Windows Server 2008 R2 Datacenter SP1"));
        assertEquals(Family.WINDOWS_2008, ConsoleRenderer.family("Windows 7 Enterprise"));
        assertEquals(Family.WINDOWS_2012, ConsoleRenderer.family(WS2012R2));
        assertEquals(Family.WINDOWS_2012, ConsoleRenderer.family("Windows Server 2012 Standard"));
        assertEquals(Family.WINDOWS, ConsoleRenderer.family("Windows Server 2019 Datacenter"));
        assertEquals(Family.LINUX, ConsoleRenderer.family(CENTOS));
        assertEquals(Family.LINUX, ConsoleRenderer.family("Ubuntu Linux 20.04 (64 bit)"));
        assertEquals(Family.LINUX, ConsoleRenderer.family("Debian GNU/Linux 11 (64 bit)"));
        assertEquals(Family.LINUX, ConsoleRenderer.family("Red Hat Enterprise Linux 8 (64 bit)"));
        assertEquals(Family.UNKNOWN, ConsoleRenderer.family("Other (64 bit)"));
        assertEquals(Family.UNKNOWN, ConsoleRenderer.family(""));
        assertEquals(Family.UNKNOWN, ConsoleRenderer.family(null));
    }

    @ParameterizedTest
    @EnumSource(PowerState.class)
    void everyStateOfEveryFamilyIsA1024By768Png(PowerState state) {
        for (String os : Arrays.asList(WS2008R2, WS2012R2, "Windows Server 2016 Datacenter", CENTOS, null)) {
            byte[] png = render(os, state, List.of("10.0.0.5"));
            assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, PNG_SIGNATURE.length), os + " " + state);
            BufferedImage image = decode(png);
            assertEquals(1024, image.getWidth(), os + " " + state);
            assertEquals(768, image.getHeight(), os + " " + state);
        }
    }

    @Test
    void renderingIsDeterministic() {
        for (PowerState state : List.of(PowerState.STOPPED, PowerState.STARTING, PowerState.RUNNING,
                PowerState.PAUSED, PowerState.STOPPING)) {
            for (String os : List.of(WS2008R2, WS2012R2, CENTOS)) {
                assertArrayEquals(render(os, state, NO_IPS), render(os, state, NO_IPS), os + " " + state);
            }
        }
    }

    @Test
    void theHypervisorsScreensAreDarkWithAMessageWhateverTheGuest() {
        byte[] stopped = render(WS2008R2, PowerState.STOPPED, NO_IPS);
        BufferedImage image = decode(stopped);
        assertTrue(Stats.of(image).luma() < 8, "mostly dark: " + Stats.of(image));
        assertTrue(Stats.bright(image, 0, 340, 1024, 80, 200) > 200, "the message is drawn across the middle");
        assertEquals(0, Stats.bright(image, 0, 0, 1024, 300, 40), "nothing else");
        assertArrayEquals(stopped, render(CENTOS, PowerState.STOPPED, NO_IPS), "the hypervisor draws it, not the guest");
        byte[] saved = render(WS2008R2, PowerState.SAVED, NO_IPS);
        byte[] creating = render(WS2008R2, PowerState.CREATING, NO_IPS);
        assertTrue(Stats.of(decode(saved)).luma() < 8 && Stats.of(decode(creating)).luma() < 8);
        assertFalse(Arrays.equals(stopped, saved), "another message");
        assertFalse(Arrays.equals(stopped, creating), "another message");
        assertFalse(Arrays.equals(stopped, render(WS2008R2, PowerState.STOPPED, NO_IPS, "db01")), "the VM is named");
    }

    @Test
    void windows2008R2LogonScreenIsMostlyBlue() {
        Stats running = Stats.of(decode(render(WS2008R2, PowerState.RUNNING, NO_IPS)));
        assertTrue(running.b() > 120 && running.b() > running.r() + 60 && running.b() > running.g(),
                "blue: " + running);
        Stats stopped = Stats.of(decode(render(WS2008R2, PowerState.STOPPED, NO_IPS)));
        assertTrue(running.luma() > stopped.luma() + 50, running + " vs " + stopped);

        BufferedImage paused = decode(render(WS2008R2, PowerState.PAUSED, NO_IPS));
        Stats pausedStats = Stats.of(paused);
        assertTrue(pausedStats.luma() < running.luma() * 0.6, "dimmed: " + pausedStats + " vs " + running);
        assertTrue(pausedStats.b() > pausedStats.r(), "still the blue screen underneath");
        Stats banner = Stats.of(paused, 400, 345, 30, 20);
        assertTrue(Math.abs(banner.r() - banner.b()) < 10 && banner.luma() < 50, "a dark grey banner: " + banner);
    }

    @Test
    void windows2008R2StartsOnBlackWithTheFlag() {
        BufferedImage starting = decode(render(WS2008R2, PowerState.STARTING, NO_IPS));
        assertTrue(Stats.of(starting).luma() < 25, "mostly black: " + Stats.of(starting));
        Stats red = Stats.of(starting, 465, 285, 30, 30);
        Stats green = Stats.of(starting, 520, 285, 30, 30);
        Stats blue = Stats.of(starting, 465, 337, 30, 30);
        Stats yellow = Stats.of(starting, 520, 337, 30, 30);
        assertTrue(red.r() > 200 && red.g() < 120 && red.b() < 80, "red: " + red);
        assertTrue(green.g() > 150 && green.r() < 160 && green.b() < 60, "green: " + green);
        assertTrue(blue.b() > 200 && blue.r() < 60, "blue: " + blue);
        assertTrue(yellow.r() > 200 && yellow.g() > 150 && yellow.b() < 60, "yellow: " + yellow);
        assertTrue(Stats.bright(starting, 300, 465, 424, 45, 200) > 100, "Starting Windows");
        assertArrayEquals(render(WS2008R2, PowerState.STARTING, NO_IPS),
                render(WS2008R2, PowerState.RESETTING, NO_IPS), "a reset boots again");
    }

    @Test
    void windows2012R2LockScreenIsTealWithTheClock() {
        BufferedImage lock = decode(render(WS2012R2, PowerState.RUNNING, NO_IPS));
        Stats stats = Stats.of(lock);
        assertTrue(stats.g() > stats.r() + 30 && stats.b() > stats.r() + 30 && stats.luma() < 100, "teal: " + stats);
        assertTrue(Stats.bright(lock, 40, 510, 400, 120, 230) > 2000, "a big clock bottom left");
        assertTrue(Stats.bright(lock, 40, 645, 480, 50, 230) > 500, "the date under it");
        assertEquals(0, Stats.bright(lock, 600, 0, 424, 768, 230), "nothing on the right");

        byte[] sameMinute = ConsoleRenderer.render(WS2012R2, PowerState.RUNNING, "web01", NO_IPS,
                Instant.parse("2015-12-01T14:05:59Z"));
        byte[] nextMinute = ConsoleRenderer.render(WS2012R2, PowerState.RUNNING, "web01", NO_IPS,
                Instant.parse("2015-12-01T14:06:00Z"));
        assertArrayEquals(render(WS2012R2, PowerState.RUNNING, NO_IPS), sameMinute, "the clock shows minutes");
        assertFalse(Arrays.equals(sameMinute, nextMinute), "the clock moves");

        BufferedImage starting = decode(render(WS2012R2, PowerState.STARTING, NO_IPS));
        Stats logo = Stats.of(starting, 440, 240, 40, 40);
        assertTrue(logo.b() > 200 && logo.r() < 60, "a blue window logo: " + logo);
        assertTrue(Stats.of(starting).luma() < 25, "on black");
    }

    @Test
    void linuxConsoleIsLightTextOnBlack() {
        BufferedImage running = decode(render(CENTOS, PowerState.RUNNING, NO_IPS));
        assertTrue(Stats.share(running, 0, 0, 1024, 768, 0) > 0.97, "mostly black");
        assertTrue(Stats.bright(running, 0, 0, 600, 100, 150) > 300, "the banner and the prompt at the top left");
        assertEquals(0, Stats.bright(running, 0, 120, 1024, 648, 20), "nothing under the prompt");

        BufferedImage starting = decode(render(CENTOS, PowerState.STARTING, NO_IPS));
        assertTrue(Stats.share(starting, 0, 0, 1024, 768, 0) > 0.9, "mostly black");
        assertTrue(Stats.greens(starting) > 200, "systemd's green OKs");
        assertEquals(0, Stats.greens(running), "no OKs at the login prompt");
        assertTrue(Stats.bright(starting, 0, 100, 600, 300, 150) > Stats.bright(running, 0, 100, 600, 300, 150),
                "more lines while booting");

        BufferedImage stopping = decode(render(CENTOS, PowerState.STOPPING, NO_IPS));
        assertTrue(Stats.greens(stopping) > 200, "systemd stopping units");
    }

    @Test
    void linuxBannerShowsTheDistribution() {
        byte[] centos = render(CENTOS, PowerState.RUNNING, NO_IPS);
        assertArrayEquals(centos, render("CentOS Linux 7 (Core)", PowerState.RUNNING, NO_IPS),
                "the VMM name is shown as /etc/issue spells it");
        assertFalse(Arrays.equals(centos, render("Ubuntu Linux 20.04 (64 bit)", PowerState.RUNNING, NO_IPS)));
        String rhel8 = "Red Hat Enterprise Linux 8 (64 bit)";
        assertFalse(Arrays.equals(render(rhel8, PowerState.RUNNING, NO_IPS),
                render(rhel8, PowerState.RUNNING, List.of("10.0.0.5"))), "the web console address");
        assertArrayEquals(centos, render(CENTOS, PowerState.RUNNING, List.of("10.0.0.5")), "no address on EL7");
    }

    @Test
    void unknownStateIsANeutralMessage() {
        BufferedImage image = decode(render(WS2008R2, PowerState.UNKNOWN, NO_IPS));
        Stats stats = Stats.of(image);
        assertTrue(Math.abs(stats.r() - stats.b()) < 10 && stats.luma() > 25 && stats.luma() < 80, "grey: " + stats);
        assertTrue(Stats.bright(image, 0, 360, 1024, 80, 200) > 200, "a message");
    }

    @Test
    void oddNamesAreDrawnSafely() {
        String name = "tab\there\u0000 " + "x".repeat(300) + " \u00e9\u4e2d";
        BufferedImage image = decode(ConsoleRenderer.render(null, PowerState.STOPPED, name, NO_IPS, AT));
        assertEquals(1024, image.getWidth());
        decode(ConsoleRenderer.render(CENTOS, PowerState.RUNNING, name, NO_IPS, AT));
    }

    private static byte[] render(String os, PowerState state, List<String> ips) {
        return render(os, state, ips, "web01");
    }

    private static byte[] render(String os, PowerState state, List<String> ips, String name) {
        return ConsoleRenderer.render(os, state, name, ips, AT);
    }

    static BufferedImage decode(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertNotNull(image, "not an image");
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Mean colour of a region, and pixel counts. */
    record Stats(double r, double g, double b) {

        double luma() {
            return 0.299 * r + 0.587 * g + 0.114 * b;
        }

        static Stats of(BufferedImage image) {
            return of(image, 0, 0, image.getWidth(), image.getHeight());
        }

        static Stats of(BufferedImage image, int x, int y, int w, int h) {
            double r = 0;
            double g = 0;
            double b = 0;
            for (int j = y; j < y + h; j++) {
                for (int i = x; i < x + w; i++) {
                    int rgb = image.getRGB(i, j);
                    r += (rgb >> 16) & 0xFF;
                    g += (rgb >> 8) & 0xFF;
                    b += rgb & 0xFF;
                }
            }
            double n = (double) w * h;
            return new Stats(r / n, g / n, b / n);
        }

        /** Pixels of the region with every channel above {@code min}. */
        static int bright(BufferedImage image, int x, int y, int w, int h, int min) {
            int count = 0;
            for (int j = y; j < y + h; j++) {
                for (int i = x; i < x + w; i++) {
                    int rgb = image.getRGB(i, j);
                    if (((rgb >> 16) & 0xFF) > min && ((rgb >> 8) & 0xFF) > min && (rgb & 0xFF) > min) {
                        count++;
                    }
                }
            }
            return count;
        }

        /** Share of the region's pixels with no channel above {@code max}. */
        static double share(BufferedImage image, int x, int y, int w, int h, int max) {
            long count = 0;
            for (int j = y; j < y + h; j++) {
                for (int i = x; i < x + w; i++) {
                    int rgb = image.getRGB(i, j);
                    if (((rgb >> 16) & 0xFF) <= max && ((rgb >> 8) & 0xFF) <= max && (rgb & 0xFF) <= max) {
                        count++;
                    }
                }
            }
            return count / ((double) w * h);
        }

        /** Pixels that are clearly green. */
        static int greens(BufferedImage image) {
            int count = 0;
            for (int j = 0; j < image.getHeight(); j++) {
                for (int i = 0; i < image.getWidth(); i++) {
                    int rgb = image.getRGB(i, j);
                    if (((rgb >> 8) & 0xFF) > 150 && ((rgb >> 16) & 0xFF) < 60 && (rgb & 0xFF) < 60) {
                        count++;
                    }
                }
            }
            return count;
        }
    }
}
