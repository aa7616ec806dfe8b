package io.gio.gateway.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;

/**
 * Declines clear-text HTTP/2 upgrade offers ({@code Upgrade: h2c}), as RFC 7540 section 3.2
 * lets a server do, so that the request is served as plain HTTP/1.1. Grizzly would otherwise
 * treat such a request as an upgraded connection (no content framing, no Content-Type on the
 * response, the connection closed afterwards), which breaks clients that offer the upgrade by
 * default, such as Java's HttpClient. The filter sits in front of the HTTP codec and renames the
 * header in the request head ({@code Upgrade: h2c} becomes {@code Xpgrade: h2c}, same length);
 * other upgrades (WebSocket) are untouched.
 */
public final class DeclineH2cUpgrade implements AddOn {

    private static final byte[] MARKER = "\r\nUpgrade: h2c".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEAD_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HTTP1 = " HTTP/1.".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int codec = builder.indexOfType(HttpServerFilter.class);
        if (codec < 0) {
            throw new IllegalStateException("the listener has no HTTP codec filter");
        }
        builder.add(codec, new Filter());
    }

    static final class Filter extends BaseFilter {
        @Override
        public NextAction handleRead(FilterChainContext ctx) throws IOException {
            Object message = ctx.getMessage();
            if (message instanceof Buffer buffer) {
                decline(buffer);
            }
            return ctx.getInvokeAction();
        }
    }

    /** Renames an {@code Upgrade: h2c} header found in a request head at the start of the buffer. */
    static void decline(Buffer buffer) {
        int start = buffer.position();
        int limit = buffer.limit();
        int headEnd = indexOf(buffer, HEAD_END, start, limit);
        int searchEnd = headEnd < 0 ? limit : headEnd + 2;
        int firstLineEnd = indexOf(buffer, new byte[] {'\r', '\n'}, start, searchEnd);
        if (firstLineEnd < 0 || indexOf(buffer, HTTP1, start, firstLineEnd) < 0) {
            return;
        }
        int at = indexOfIgnoreCase(buffer, MARKER, firstLineEnd, searchEnd);
        if (at >= 0) {
            buffer.put(at + 2, (byte) 'X');
        }
    }

    private static int indexOf(Buffer b, byte[] needle, int from, int to) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (b.get(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int indexOfIgnoreCase(Buffer b, byte[] needle, int from, int to) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (Character.toLowerCase(b.get(i + j)) != Character.toLowerCase(needle[j])) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
