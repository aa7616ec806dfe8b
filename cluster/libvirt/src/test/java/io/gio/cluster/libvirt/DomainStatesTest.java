package io.gio.cluster.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gio.cluster.spi.PowerState;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.libvirt.DomainInfo.DomainState;

/** The one mapper of native states, and console images. */
class DomainStatesTest {

    @Test
    void everyNativeStateMapsAndTheRestIsUnknown() {
        assertEquals(PowerState.RUNNING, DomainStates.of(DomainState.VIR_DOMAIN_RUNNING, false));
        assertEquals(PowerState.RUNNING, DomainStates.of(DomainState.VIR_DOMAIN_BLOCKED, false));
        assertEquals(PowerState.PAUSED, DomainStates.of(DomainState.VIR_DOMAIN_PAUSED, false));
        assertEquals(PowerState.STOPPING, DomainStates.of(DomainState.VIR_DOMAIN_SHUTDOWN, false));
        assertEquals(PowerState.STOPPED, DomainStates.of(DomainState.VIR_DOMAIN_SHUTOFF, false));
        assertEquals(PowerState.SAVED, DomainStates.of(DomainState.VIR_DOMAIN_SHUTOFF, true));
        assertEquals(PowerState.UNKNOWN, DomainStates.of(DomainState.VIR_DOMAIN_CRASHED, false));
        assertEquals(PowerState.UNKNOWN, DomainStates.of(DomainState.VIR_DOMAIN_NOSTATE, false));
        assertEquals(PowerState.UNKNOWN, DomainStates.of(null, false));
        assertEquals(PowerState.RUNNING, DomainStates.ofSnapshot("running"));
        assertEquals(PowerState.STOPPED, DomainStates.ofSnapshot("shutoff"));
        assertEquals(PowerState.PAUSED, DomainStates.ofSnapshot("paused"));
        assertEquals(PowerState.UNKNOWN, DomainStates.ofSnapshot("pmsuspended"));
    }

    @Test
    void aRunningOperationShowsItsTransitionalStateOrKeepsTheNativeOne() {
        assertEquals(PowerState.STARTING, DomainStates.shown(PowerState.STOPPED, Optional.of(OpKind.START)));
        assertEquals(PowerState.RESTORING_CHECKPOINT,
                DomainStates.shown(PowerState.RUNNING, Optional.of(OpKind.CHECKPOINT_RESTORE)));
        assertEquals(PowerState.RUNNING, DomainStates.shown(PowerState.RUNNING, Optional.of(OpKind.CHECKPOINT_CREATE)));
        assertEquals(PowerState.STOPPED, DomainStates.shown(PowerState.STOPPED, Optional.empty()));
    }

    @Test
    void qemusPpmScreenshotsAreDecoded() {
        byte[] header = "P6\n# QEMU screendump\n2 1\n255\n".getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[header.length + 6];
        System.arraycopy(header, 0, data, 0, header.length);
        byte[] pixels = {(byte) 255, 0, 0, 0, (byte) 128, (byte) 255};
        System.arraycopy(pixels, 0, data, header.length, 6);
        BufferedImage image = ConsoleImages.decode("image/x-portable-pixmap", data);
        assertEquals(2, image.getWidth());
        assertEquals(1, image.getHeight());
        assertEquals(0xFF0000, image.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0x0080FF, image.getRGB(1, 0) & 0xFFFFFF);
        BufferedImage png = ConsoleImages.decode("image/png", ConsoleImages.png(image));
        assertEquals(0x0080FF, png.getRGB(1, 0) & 0xFFFFFF);
    }
}
