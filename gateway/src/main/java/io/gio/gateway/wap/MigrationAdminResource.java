package io.gio.gateway.wap;

import static io.gio.gateway.wap.WapApi.admin;
import static io.gio.gateway.wap.WapApi.body;
import static io.gio.gateway.wap.WapApi.call;
import static io.gio.gateway.wap.WapApi.ok;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gio.cluster.spi.Link;
import io.gio.cluster.spi.Stamp;
import io.gio.cluster.spi.Volume;
import io.gio.migration.Migration;
import io.gio.migration.MigrationEngine;
import io.gio.migration.MigrationSettings;
import io.gio.spf.SpfAdapter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

/**
 * The operator's view of migrations, for the administrator: {@code GET /migration/settings} and
 * {@code PUT /migration/settings} (the bandwidth budget per link in bits per second, the
 * concurrency caps, the retention period as an ISO-8601 duration), and {@code GET /migration/queue}
 * (every migration that is not final, across tenants, with its state, progress and estimate; with
 * {@code ?ended=N} also the N that ended last; the links with their budgets and the rate the
 * copies use now; the volumes with their capacity, use and what migrations reserve on them).
 */
@Path("migration")
public final class MigrationAdminResource {

    private final SpfAdapter adapter;

    public MigrationAdminResource(SpfAdapter adapter) {
        this.adapter = adapter;
    }

    @GET
    @Path("settings")
    public Response settings(@Context ContainerRequestContext req) {
        admin(req);
        return call(() -> ok(json(engine().settings())));
    }

    @PUT
    @Path("settings")
    public Response update(@Context ContainerRequestContext req) {
        admin(req);
        return call(() -> {
            ObjectNode b = body(WapApi.read(req));
            MigrationSettings current = engine().settings();
            int perVolume = count(b, "maxPerSourceVolume", current.maxPerSourceVolume());
            int perLink = count(b, "maxPerLink", current.maxPerLink());
            Duration retention = current.retention();
            if (b.hasNonNull("retention")) {
                try {
                    retention = Duration.parse(b.get("retention").asText());
                } catch (DateTimeParseException e) {
                    throw WapApi.bad("retention must be an ISO-8601 duration such as P7D or PT12H, got '"
                            + b.get("retention").asText() + "'.");
                }
                if (retention.isNegative() || retention.isZero()) {
                    throw WapApi.bad("retention must be positive.");
                }
            }
            Map<UUID, Long> budgets = new HashMap<>(current.linkBudgets());
            JsonNode links = b.get("linkBudgets");
            if (links != null && !links.isNull()) {
                if (!links.isObject()) {
                    throw WapApi.bad("linkBudgets must be an object of link ID to bits per second (null removes one).");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = links.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    UUID id = WapApi.uuid(e.getKey(), "a linkBudgets key");
                    if (adapter.driver().links().stream().noneMatch(l -> l.id().equals(id))) {
                        throw io.gio.spf.SpfException.notFound("There is no link " + id + ".");
                    }
                    if (e.getValue().isNull()) {
                        budgets.remove(id);
                    } else if (e.getValue().isIntegralNumber() && e.getValue().asLong() > 0) {
                        budgets.put(id, e.getValue().asLong());
                    } else {
                        throw WapApi.bad("linkBudgets." + id + " must be a positive whole number of bits per second.");
                    }
                }
            }
            MigrationSettings updated = new MigrationSettings(budgets, perVolume, perLink, retention);
            engine().updateSettings(updated);
            return ok(json(updated));
        });
    }

    @GET
    @Path("queue")
    public Response queue(@Context ContainerRequestContext req, @QueryParam("ended") @DefaultValue("0") int ended) {
        admin(req);
        return call(() -> {
            if (ended < 0 || ended > 1000) {
                throw WapApi.bad("ended must be from 0 to 1000.");
            }
            ObjectNode o = WapJson.object();
            ArrayNode items = o.putArray("items");
            engine().queue().forEach(m -> item(items.addObject(), m));
            o.put("totalCount", items.size());
            if (ended > 0) {
                ArrayNode done = o.putArray("ended");
                engine().recentlyEnded(ended).forEach(m -> item(done.addObject(), m));
            }
            MigrationEngine.Usage usage = engine().usage();
            ArrayNode links = o.putArray("links");
            MigrationSettings s = engine().settings();
            for (Link l : adapter.driver().links()) {
                ObjectNode n = links.addObject();
                n.put("ID", l.id().toString());
                n.put("Name", l.name());
                n.put("BandwidthBitsPerSecond", l.bandwidthBitsPerSecond());
                n.put("BudgetBitsPerSecond", s.linkBudget(l.id()).orElse(l.bandwidthBitsPerSecond()));
                n.put("InUseBitsPerSecond", 8 * usage.linkBytesPerSecond().getOrDefault(l.id(), 0L));
            }
            ArrayNode volumes = o.putArray("volumes");
            for (Stamp stamp : adapter.driver().stamps()) {
                for (Volume v : adapter.driver().volumes(stamp.id())) {
                    ObjectNode n = volumes.addObject();
                    n.put("ID", v.id().toString());
                    n.put("Name", v.name());
                    n.put("StampName", stamp.name());
                    n.put("Kind", v.kind().name());
                    n.put("CapacityBytes", v.capacityBytes());
                    n.put("UsedBytes", v.usedBytes());
                    n.put("ReservedBytes", usage.reservedBytesByVolume().getOrDefault(v.id(), 0L));
                }
            }
            return ok(o);
        });
    }

    /**
     * What migrations used of each link and volume over the last hour (a sample every 10 s since
     * the gateway started), for the operator's charts.
     */
    @GET
    @Path("history")
    public Response history(@Context ContainerRequestContext req) {
        admin(req);
        return call(() -> {
            ObjectNode o = WapJson.object();
            o.put("IntervalSeconds", io.gio.spf.migration.UsageHistory.EVERY.toSeconds());
            ArrayNode samples = o.putArray("Samples");
            for (io.gio.spf.migration.UsageHistory.Sample s : adapter.migrations().history().samples()) {
                ObjectNode n = samples.addObject();
                n.put("At", s.at().toString());
                ArrayNode ls = n.putArray("Links");
                s.links().forEach(l -> ls.addObject().put("ID", l.id().toString())
                        .put("InUseBitsPerSecond", l.inUseBitsPerSecond()).put("BudgetBitsPerSecond", l.budgetBitsPerSecond()));
                ArrayNode vs = n.putArray("Volumes");
                s.volumes().forEach(v -> vs.addObject().put("ID", v.id().toString()).put("CapacityBytes", v.capacityBytes())
                        .put("UsedBytes", v.usedBytes()).put("ReservedBytes", v.reservedBytes()));
            }
            return ok(o);
        });
    }

    private static void item(ObjectNode i, Migration m) {
        i.put("ID", m.id().toString());
        i.put("VMId", m.vmId().toString());
        i.put("VMName", m.vmName());
        i.put("StampId", m.sourceStampId().toString());
        i.put("TargetStampId", m.targetStampId().toString());
        i.put("Strategy", m.strategy().wireName());
        i.put("State", m.state().wireName());
        i.put("Phase", m.phase());
        i.put("Progress", m.progress());
        i.put("BytesTotal", m.bytesTotal());
        i.put("BytesTransferred", m.bytesTransferred());
        i.put("NotBefore", WapJson.time(m.notBefore()));
        m.estimatedCompletion().ifPresentOrElse(t -> i.put("EstimatedCompletion", WapJson.time(t)),
                () -> i.putNull("EstimatedCompletion"));
        m.downtime().ifPresentOrElse(d -> i.put("DowntimeSeconds", d.toMillis() / 1000.0),
                () -> i.putNull("DowntimeSeconds"));
    }

    private MigrationEngine engine() {
        return adapter.migrationEngine();
    }

    private static int count(ObjectNode b, String name, int current) {
        JsonNode v = b.get(name);
        if (v == null || v.isNull()) {
            return current;
        }
        if (!v.isIntegralNumber() || v.asLong() < 1 || v.asLong() > 10_000) {
            throw WapApi.bad(name + " must be a whole number from 1 to 10000.");
        }
        return v.asInt();
    }

    private static ObjectNode json(MigrationSettings s) {
        ObjectNode o = WapJson.object();
        ObjectNode links = o.putObject("linkBudgets");
        s.linkBudgets().forEach((id, bps) -> links.put(id.toString(), bps));
        o.put("maxPerSourceVolume", s.maxPerSourceVolume());
        o.put("maxPerLink", s.maxPerLink());
        o.put("retention", s.retention().toString());
        return o;
    }
}
