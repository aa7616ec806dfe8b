package io.gio.cluster.libvirt;

import io.gio.cluster.spi.CheckpointContractTest;
import org.junit.jupiter.api.extension.ExtendWith;

/** The driver contract for checkpoints (libvirt snapshots), run against libvirt's test driver. */
@ExtendWith(PrintSkips.class)
class LibvirtCheckpointContractTest extends CheckpointContractTest {

    private final LibvirtContractHooks libvirt = new LibvirtContractHooks();

    @Override
    protected DriverHooks hooks() {
        return libvirt;
    }
}
