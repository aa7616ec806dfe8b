package io.gio.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;
import org.junit.jupiter.api.Test;

class DeclineH2cUpgradeTest {

    private static String run(String raw) {
        Buffer b = Buffers.wrap(MemoryManager.DEFAULT_MEMORY_MANAGER, raw.getBytes(StandardCharsets.US_ASCII));
        DeclineH2cUpgrade.decline(b);
        return b.toStringContent(StandardCharsets.US_ASCII);
    }

    @Test
    void renamesAnH2cOfferInTheRequestHead() {
        String out = run("GET /x HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n\r\n");
        assertEquals("GET /x HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, HTTP2-Settings\r\nXpgrade: h2c\r\n\r\n", out);
    }

    @Test
    void leavesWebSocketUpgradesAndBodiesAlone() {
        String ws = "GET /c HTTP/1.1\r\nUpgrade: websocket\r\n\r\n";
        assertEquals(ws, run(ws));
        String body = "PUT /x HTTP/1.1\r\nContent-Length: 16\r\n\r\n\r\nUpgrade: h2c\r\n";
        assertEquals(body, run(body));
        String notARequest = "{\"a\":1}\r\nUpgrade: h2c\r\n\r\n";
        assertEquals(notARequest, run(notARequest));
    }
}
