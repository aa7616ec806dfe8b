package io.gio.cluster.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class VmHardwareTest {

    @Test
    void dynamicMemoryMustContainTheStartupMemory() {
        VmHardware ok = VmHardware.dynamic(2, 2048, 512, 8192);
        assertEquals(8192, ok.peakMemoryMb());
        assertEquals(2048, VmHardware.fixed(2, 2048).peakMemoryMb());
        VmHardware.dynamic(1, 512, 512, 512);
        assertThrows(IllegalArgumentException.class, () -> VmHardware.dynamic(2, 256, 512, 8192));
        assertThrows(IllegalArgumentException.class, () -> VmHardware.dynamic(2, 9000, 512, 8192));
        assertThrows(IllegalArgumentException.class, () -> VmHardware.dynamic(2, 1024, 2048, 1024));
        assertThrows(IllegalArgumentException.class, () -> VmHardware.dynamic(2, 1024, 0, 1024));
        assertThrows(IllegalArgumentException.class, () -> VmHardware.fixed(0, 1024));
        assertThrows(IllegalArgumentException.class, () -> VmHardware.fixed(1, 0));
        assertThrows(NullPointerException.class, () -> new VmHardware(1, 1024, null));
    }

    @Test
    void aVmBuiltTheOldWayHasStaticMemory() {
        FabricVm vm = new FabricVm(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "web01",
                PowerState.STOPPED, 2, 4096, List.of(), List.of(), Optional.empty());
        assertEquals(VmHardware.fixed(2, 4096), vm.hardware());
    }
}
