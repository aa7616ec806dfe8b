package io.gio.gateway.wap;

import static io.gio.gateway.wap.WapApi.bad;
import static io.gio.gateway.wap.WapApi.body;
import static io.gio.gateway.wap.WapApi.call;
import static io.gio.gateway.wap.WapApi.caller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gio.cluster.spi.ClusterDriver;
import io.gio.gateway.auth.WapErrors;
import io.gio.gateway.console.ConsoleRelay;
import io.gio.gateway.console.ConsoleTickets;
import io.gio.odata.NamedStreams;
import io.gio.spf.SpfAdapter;
import io.gio.spf.SpfException;
import io.gio.spf.accounts.Principal;
import io.gio.spf.query.Scope;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /console/tickets}: a one-time ticket for the console of one VM, which the console
 * WebSocket ({@value ConsoleRelay#PATH}{@code ?ticket=..}) redeems within 30 seconds. Body:
 * {@code {"SubscriptionId", "VMId", "StampId"}} (the administrator may leave out the subscription).
 * The VM must be one the subscription's scope sees (404 otherwise, as for a VM that does not
 * exist), its plan must allow {@code RemoteConnect} (403) and the VM must be running or paused
 * (409); a fabric without consoles answers 501. Errors in WAP's shape, like the rest of this API.
 */
@Path("console/tickets")
public final class ConsoleResource {

    private final SpfAdapter adapter;
    private final ClusterDriver driver;
    private final ConsoleTickets tickets;
    private final NamedStreams streams;

    public ConsoleResource(SpfAdapter adapter, ClusterDriver driver, ConsoleTickets tickets) {
        this.adapter = adapter;
        this.driver = driver;
        this.tickets = tickets;
        this.streams = new NamedStreams(adapter);
    }

    @POST
    public Response issue(@Context ContainerRequestContext req) {
        Principal p = caller(req);
        byte[] raw = WapApi.read(req);
        return call(() -> {
            ObjectNode b = body(raw);
            UUID vmId = WapApi.uuid(b, "VMId").orElseThrow(() -> bad("VMId is required."));
            UUID stampId = WapApi.uuid(b, "StampId").orElseThrow(() -> bad("StampId is required."));
            Scope scope = WapApi.uuid(b, "SubscriptionId")
                    .map(id -> adapter.subscriptions().find(id)
                            .filter(s -> s.heldBy(p))
                            .map(Scope::of)
                            .orElseThrow(() -> SpfException.notFound("The subscription " + id + " was not found.")))
                    .orElseGet(() -> {
                        if (!p.isAdmin()) {
                            throw bad("SubscriptionId is required.");
                        }
                        return Scope.unrestricted();
                    });
            NamedStreams.ConsoleTarget vm = streams.console(adapter.reader(scope), Map.of("ID", vmId, "StampId", stampId));
            if (driver.consoles().isEmpty()) {
                return WapErrors.error(501, "NotImplemented", "The console is not available on this fabric ('"
                        + driver.name() + "').").build();
            }
            ConsoleTickets.Ticket t = tickets.issue(vm.vmId(), vm.name(), vm.guestOs());
            ObjectNode o = WapJson.object();
            o.put("Ticket", t.value());
            o.put("Url", ConsoleRelay.PATH + "?ticket=" + t.value());
            o.put("Protocol", "rfb");
            o.put("VMId", vm.vmId().toString());
            o.put("Name", vm.name());
            o.put("ExpiresAt", t.expires().toString());
            return WapApi.json(201, o);
        });
    }
}
