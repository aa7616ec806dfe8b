package io.gio.gateway.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.gio.odata.ErrorStatus;
import io.gio.odata.model.VmmEdmProvider;
import io.gio.odata.model.VmmModel;
import io.gio.odata.query.ResourceRequest;
import io.gio.odata.query.RowCompleter;
import io.gio.odata.query.UriResolver;
import io.gio.spf.SpfAdapter;
import io.gio.spf.SpfException;
import io.gio.spf.query.EntityQuery;
import io.gio.spf.query.EntityRow;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.olingo.commons.api.edm.Edm;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.core.uri.parser.Parser;
import org.apache.olingo.server.core.uri.parser.UriParserException;
import org.apache.olingo.server.core.uri.validator.UriValidationException;

/**
 * Benchmark-only: the plain-JSON ceiling the OData writers are measured against. Served only
 * when the gateway starts with {@code --bench-endpoints}, behind the same Basic authentication as
 * the SPF service, at {@code /bench/plain/<OData 4 resource path>?<OData 4 query options>}, e.g.
 * {@code /bench/plain/VirtualMachines?$top=50}.
 *
 * <p>The request goes the same way as an OData read up to the rows: the URL is parsed by Olingo's
 * URI parser against the same model, resolved to the same {@link EntityQuery}, read by the same
 * {@code EntityReader}, and each row is completed with every property of its type by the same
 * {@link RowCompleter}. Only the last step differs: the row maps are written with one
 * {@link ObjectMapper#writeValue} as {@code {"value":[{...},...]}} (or the bare object for a
 * single entity), with no OData annotations, GUIDs and dates as strings.
 */
@Path("bench/plain")
public final class BenchPlainResource {

    private final SpfAdapter adapter;
    private final OData odata;
    private final Edm edm;
    private final ObjectMapper mapper;

    public BenchPlainResource(SpfAdapter adapter) {
        this.adapter = adapter;
        this.odata = OData.newInstance();
        this.edm = odata.createServiceMetadata(new VmmEdmProvider(VmmModel.load()), List.of()).getEdm();
        SimpleModule time = new SimpleModule("bench-time");
        time.addSerializer(Instant.class, ToStringSerializer.instance);
        time.addSerializer(Duration.class, ToStringSerializer.instance);
        this.mapper = new ObjectMapper().registerModule(time).disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    @GET
    @Path("{path: .+}")
    public Response get(@Context ContainerRequestContext request) {
        UriInfo info = request.getUriInfo();
        String raw = info.getPath(false);
        String path = raw.substring(raw.indexOf("bench/plain/") + "bench/plain/".length());
        String query = info.getRequestUri().getRawQuery();
        try {
            ResourceRequest r = UriResolver.resolve(parse(path, query, info.getBaseUri() + "bench/plain/"));
            EntityQuery q = r.query();
            EntityQuery stored = new EntityQuery(q.entitySet(), q.via(), q.key(), q.filter(), q.orderBy(), q.top(),
                    q.skip(), RowCompleter.withKeys(r.entityType(), q.select()), q.expand());
            Object body;
            switch (r.kind()) {
                case COLLECTION -> {
                    List<EntityRow> rows = adapter.reader(io.gio.spf.query.Scope.unrestricted()).list(stored);
                    List<Map<String, Object>> values = new ArrayList<>(rows.size());
                    for (EntityRow row : rows) {
                        values.add(RowCompleter.complete(row, r.entityType(), q.select()).values());
                    }
                    body = Map.of("value", values);
                }
                case ENTITY -> body = adapter.reader(io.gio.spf.query.Scope.unrestricted()).one(stored)
                        .map(row -> RowCompleter.complete(row, r.entityType(), q.select()).values())
                        .orElseThrow(() -> SpfException.notFound("No such entity."));
                default -> throw SpfException.badRequest("The plain benchmark endpoint serves collections and entities.");
            }
            StreamingOutput out = os -> mapper.writeValue(os, body);
            return Response.ok(out, MediaType.APPLICATION_JSON_TYPE).build();
        } catch (SpfException e) {
            return error(ErrorStatus.of(e.code()), e.getMessage());
        }
    }

    private org.apache.olingo.server.api.uri.UriInfo parse(String path, String query, String root) {
        try {
            return new Parser(edm, odata).parseUri(path, query == null || query.isEmpty() ? null : query, null, root);
        } catch (UriParserException | UriValidationException e) {
            throw SpfException.badRequest("The request URI is not valid: " + e.getMessage());
        }
    }

    private Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(mapper.createObjectNode().put("error", message).toString()).build();
    }
}
