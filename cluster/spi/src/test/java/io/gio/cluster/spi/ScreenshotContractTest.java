package io.gio.cluster.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** A driver's {@link ScreenshotSupport}; skipped when the driver offers none. */
public abstract class ScreenshotContractTest extends ClusterDriverContractFixture {

    @Test
    void screenshotOfACreatedVmIsADecodablePng() throws IOException {
        Optional<ScreenshotSupport> screenshots = fabric.screenshots();
        assumeTrue(screenshots.isPresent(), "the driver offers no screenshots");
        FabricVm vm = create(vmSpec(nextName(), false));
        Screenshot shot = screenshots.get().capture(vm.id(), "Windows Server 2012 R2 Datacenter");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(shot.png()));
        assertNotNull(image, "the screenshot is a PNG");
        assertEquals(shot.width(), image.getWidth());
        assertEquals(shot.height(), image.getHeight());
        assertCode(ClusterErrorCode.NOT_FOUND,
                () -> screenshots.get().capture(UUID.randomUUID(), "Windows Server 2012 R2 Datacenter"));
    }
}
