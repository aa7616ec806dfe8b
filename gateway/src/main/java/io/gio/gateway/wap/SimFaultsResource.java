package io.gio.gateway.wap;

import static io.gio.gateway.wap.WapApi.admin;
import static io.gio.gateway.wap.WapApi.body;
import static io.gio.gateway.wap.WapApi.call;
import static io.gio.gateway.wap.WapApi.json;
import static io.gio.gateway.wap.WapApi.ok;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gio.cluster.spi.ClusterDriver;
import io.gio.cluster.spi.ClusterException;
import io.gio.cluster.spi.FaultInjection;
import io.gio.cluster.spi.FaultKind;
import io.gio.gateway.auth.WapErrors;
import io.gio.spf.SpfException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Fault injection into the simulated fabric, for the administrator ({@code /sim/faults}):
 * {@code POST} {@code {"kind": "link-down" | "volume-full" | "host-crash" | "boot-failure",
 * "target": "<link, volume, host or stamp name>", "durationSeconds": N}} injects one (201 with the
 * fault), {@code GET} lists those in force, {@code DELETE} clears them all (204). A fabric that
 * cannot inject faults (a real one) answers 501.
 */
@Path("sim/faults")
public final class SimFaultsResource {

    private final ClusterDriver driver;

    public SimFaultsResource(ClusterDriver driver) {
        this.driver = driver;
    }

    @GET
    public Response list(@Context ContainerRequestContext req) {
        admin(req);
        return call(() -> {
            ArrayNode a = WapJson.array();
            faults().active().forEach(f -> a.add(json(f)));
            return ok(a);
        });
    }

    @POST
    public Response inject(@Context ContainerRequestContext req) {
        admin(req);
        return call(() -> {
            FaultInjection faults = faults();
            ObjectNode b = body(WapApi.read(req));
            String kindName = WapApi.requiredText(b, "kind");
            FaultKind kind = kind(kindName);
            String target = WapApi.requiredText(b, "target");
            JsonNode d = b.get("durationSeconds");
            if (d == null || d.isNull()) {
                throw WapApi.bad("durationSeconds is required.");
            }
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.asLong() < 1 || d.asLong() > 30L * 24 * 3600) {
                throw WapApi.bad("durationSeconds must be a whole number of seconds from 1 to 2592000.");
            }
            try {
                return WapApi.json(201, json(faults.inject(kind, target, Duration.ofSeconds(d.asLong()))));
            } catch (ClusterException e) {
                throw SpfException.fromFabric(e);
            }
        });
    }

    @DELETE
    public Response clear(@Context ContainerRequestContext req) {
        admin(req);
        return call(() -> {
            faults().clear();
            return Response.noContent().build();
        });
    }

    private FaultInjection faults() {
        Optional<FaultInjection> f = driver.faults();
        if (f.isEmpty()) {
            throw new jakarta.ws.rs.WebApplicationException(WapErrors.error(501, "NotImplemented",
                    "The fabric '" + driver.name() + "' cannot inject faults; only the simulated fabric can.").build());
        }
        return f.get();
    }

    static FaultKind kind(String name) {
        String wanted = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(FaultKind.values()).filter(k -> k.name().equals(wanted)).findFirst()
                .orElseThrow(() -> WapApi.bad("kind must be one of " + Arrays.stream(FaultKind.values())
                        .map(SimFaultsResource::wire).collect(Collectors.joining(", ")) + ", got '" + name + "'."));
    }

    static String wire(FaultKind k) {
        return k.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static ObjectNode json(FaultInjection.ActiveFault f) {
        ObjectNode o = WapJson.object();
        o.put("kind", wire(f.kind()));
        o.put("target", f.target());
        o.put("from", WapJson.time(f.from()));
        o.put("until", WapJson.time(f.until()));
        return o;
    }
}
