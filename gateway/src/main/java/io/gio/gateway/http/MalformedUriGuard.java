package io.gio.gateway.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * Sits in front of the Jersey container and answers a request whose URI is not a URI (a
 * malformed percent escape such as {@code %ZZ}) with 400 and an OData error body. Jersey's
 * Grizzly container would otherwise fail building the request URI and Grizzly answer 500 with
 * its HTML error page.
 */
public final class MalformedUriGuard extends HttpHandler {

    private final HttpHandler next;

    public MalformedUriGuard(HttpHandler next) {
        super("malformed-uri-guard");
        this.next = next;
    }

    @Override
    public void start() {
        next.start();
    }

    @Override
    public void destroy() {
        next.destroy();
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        String query = request.getQueryString();
        try {
            new URI(request.getRequestURI() + (query == null ? "" : "?" + query));
        } catch (URISyntaxException e) {
            String body = "{\"odata.error\":{\"code\":\"BAD_REQUEST\",\"message\":{\"lang\":\"en-US\",\"value\":"
                    + "\"The request URI is not valid: a percent sign must be followed by two hexadecimal digits,"
                    + " and spaces and other reserved characters must be percent-encoded.\"}}}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            response.setStatus(400);
            response.setContentType("application/json;odata=minimalmetadata;charset=utf-8");
            response.setHeader("DataServiceVersion", "3.0;");
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
            return;
        }
        next.service(request, response);
    }
}
