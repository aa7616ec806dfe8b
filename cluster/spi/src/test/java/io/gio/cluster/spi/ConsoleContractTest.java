package io.gio.cluster.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A driver's {@link ConsoleSupport}; skipped when the driver offers none. */
public abstract class ConsoleContractTest extends ClusterDriverContractFixture {

    private static final String OS = "Windows Server 2012 R2 Datacenter";

    @Test
    void aRunningVmsConsoleSpeaksRfbAndOneThatIsOffHasNone() throws IOException {
        Optional<ConsoleSupport> consoles = fabric.consoles();
        assumeTrue(consoles.isPresent(), "the driver offers no consoles");
        FabricVm running = vmIn(PowerState.RUNNING);
        try (ConsoleSupport.Channel channel = consoles.get().open(running.id(), OS)) {
            byte[] version = new byte[12];
            new DataInputStream(channel.input()).readFully(version);
            assertEquals("RFB 003.008\n", new String(version, StandardCharsets.US_ASCII), "the server speaks first");
        }
        FabricVm stopped = vmIn(PowerState.STOPPED);
        ClusterException off = assertCode(ClusterErrorCode.INVALID_STATE, () -> consoles.get().open(stopped.id(), OS));
        assertTrue(off.getMessage().contains("STOPPED"), off.getMessage());
        assertCode(ClusterErrorCode.NOT_FOUND, () -> consoles.get().open(UUID.randomUUID(), OS));
    }
}
