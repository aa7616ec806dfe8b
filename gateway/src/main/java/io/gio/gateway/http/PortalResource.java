package io.gio.gateway.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tenant portal's static files (module {@code tenant-portal}, on the class path under
 * {@code portal/}) at {@code /portal/}; {@code /} and {@code /portal} redirect there. Only files of
 * the known types are served, by a path of plain segments (no {@code ..}, no hidden files). The
 * pages get a strict Content-Security-Policy: scripts, styles and connections to this origin only
 * (the console's WebSocket included), images also from {@code blob:} (screenshots).
 */
@Path("")
public final class PortalResource {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:;"
            + " connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
    private static final Pattern SAFE = Pattern.compile("([A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "json", "application/json",
            "txt", "text/plain; charset=utf-8");

    @GET
    public Response root(@Context UriInfo uri) {
        return Response.seeOther(portal(uri)).build();
    }

    /** {@code /portal/} is the portal's page; {@code /portal} (Jersey matches both here) redirects to it. */
    @GET
    @Path("portal")
    public Response index(@Context UriInfo uri) {
        return uri.getPath().endsWith("/") ? file("index.html") : Response.seeOther(portal(uri)).build();
    }

    @GET
    @Path("portal/{file: .+}")
    public Response file(@PathParam("file") String file) {
        if (!SAFE.matcher(file).matches()) {
            return notFound();
        }
        String ext = file.substring(file.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String type = TYPES.get(ext);
        Optional<byte[]> bytes = type == null ? Optional.empty() : read("portal/" + file);
        if (bytes.isEmpty()) {
            return notFound();
        }
        Response.ResponseBuilder r = Response.ok(bytes.get(), type)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", file.startsWith("vendor/") ? "public, max-age=86400" : "no-cache");
        if (ext.equals("html")) {
            r.header("Content-Security-Policy", CSP).header("X-Frame-Options", "DENY");
        }
        return r.build();
    }

    private static URI portal(UriInfo uri) {
        return uri.getBaseUriBuilder().path("portal/").build();
    }

    private static Optional<byte[]> read(String resource) {
        try (InputStream in = PortalResource.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Response notFound() {
        return Response.status(404).type("text/plain; charset=utf-8").entity("Not found\n").build();
    }
}
