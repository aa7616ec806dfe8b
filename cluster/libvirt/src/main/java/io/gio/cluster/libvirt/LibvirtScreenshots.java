package io.gio.cluster.libvirt;

import io.gio.cluster.spi.FabricVm;
import io.gio.cluster.spi.PowerState;
import io.gio.cluster.spi.Screenshot;
import io.gio.cluster.spi.ScreenshotSupport;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.UUID;
import org.libvirt.Domain;
import org.libvirt.Stream;

/**
 * Screenshots with {@code virDomainScreenshot}: libvirt streams the first screen's current frame
 * (PPM from QEMU), which is returned as PNG. A VM that is not running or paused has no console
 * frame; it shows a dark screen saying so, as Hyper-V's console does.
 */
final class LibvirtScreenshots implements ScreenshotSupport {

    private final Fabric fabric;

    LibvirtScreenshots(Fabric fabric) {
        this.fabric = fabric;
    }

    @Override
    public Screenshot capture(UUID vmId, String guestOs) {
        FabricVm vm = fabric.requireVm(vmId);
        BufferedImage image = fabric.withDomain(vmId, (h, d) -> {
            PowerState state = VmViews.nativeState(d);
            if (state != PowerState.RUNNING && state != PowerState.PAUSED) {
                return ConsoleImages.message(state == PowerState.SAVED ? "The virtual machine is saved."
                        : "The virtual machine is turned off.");
            }
            return grab(h, d, vm.name());
        });
        return new Screenshot(ConsoleImages.png(image), image.getWidth(), image.getHeight(), fabric.clock.instant());
    }

    private static BufferedImage grab(HostConnection h, Domain d, String name) {
        Stream stream = Lv.call("open a stream to " + h.uri, () -> h.connect().streamNew(0));
        try {
            String mime = Lv.call("take a screenshot of " + name, () -> d.screenshot(stream, 0));
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = Lv.call("read the screenshot of " + name, () -> stream.receive(buffer))) > 0) {
                data.write(buffer, 0, n);
            }
            Lv.call("finish the screenshot of " + name, stream::finish);
            return ConsoleImages.decode(mime, data.toByteArray());
        } finally {
            Lv.free(stream);
        }
    }
}
