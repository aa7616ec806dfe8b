package io.gio.odata.v4;

import io.gio.odata.EntityUpdates;
import io.gio.odata.query.ResourceRequest;
import io.gio.odata.query.UriResolver;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.olingo.commons.api.data.Parameter;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.processor.ActionVoidProcessor;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourceAction;

/** Bound actions without a result in OData 4 ({@code POST .../VirtualDiskDrives(..)/VMM.Expand}): 204. */
final class V4ActionProcessor implements ActionVoidProcessor {

    private final V4Context ctx;
    private OData odata;

    V4ActionProcessor(V4Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public void init(OData odata, ServiceMetadata metadata) {
        this.odata = odata;
    }

    @Override
    public void processActionVoid(ODataRequest request, ODataResponse response, UriInfo uri, ContentType requestFormat)
            throws ODataApplicationException {
        Failures.guard(() -> {
            ResourceRequest r = UriResolver.resolve(uri);
            List<UriResource> parts = uri.getUriResourceParts();
            UriResourceAction action = (UriResourceAction) parts.get(parts.size() - 1);
            Map<String, Object> parameters = new LinkedHashMap<>();
            if (requestFormat != null) {
                Map<String, Parameter> given = odata.createDeserializer(requestFormat)
                        .actionParameters(request.getBody(), action.getAction()).getActionParameters();
                given.forEach((name, p) -> {
                    if (p.getValue() != null) {
                        parameters.put(name, p.getValue());
                    }
                });
            }
            EntityUpdates.Outcome outcome = ctx.updates().invoke(r.entitySet().getName(), r.key(),
                    action.getAction().getName(), parameters, V4EntityProcessor.async(uri), ctx.principal(), ctx.scope());
            outcome.jobId().ifPresent(j -> response.setHeader("x-ms-request-id", j.toString()));
            response.setStatusCode(HttpStatusCode.NO_CONTENT.getStatusCode());
        });
    }
}
