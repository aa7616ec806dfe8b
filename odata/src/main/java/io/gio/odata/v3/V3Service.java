package io.gio.odata.v3;

import io.gio.odata.EntityUpdates;
import io.gio.odata.ErrorStatus;
import io.gio.odata.http.ODataHttpRequest;
import io.gio.odata.http.ODataHttpResponse;
import io.gio.odata.model.EntityTypeDef;
import io.gio.odata.model.VmmModel;
import io.gio.odata.query.Nesting;
import io.gio.odata.query.Paging;
import io.gio.odata.query.ResourceRequest;
import io.gio.odata.query.UriResolver;
import io.gio.spf.SpfAdapter;
import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.olingo.commons.api.edm.Edm;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.api.uri.UriInfoKind;
import org.apache.olingo.server.api.uri.queryoption.SkipTokenOption;
import org.apache.olingo.server.core.uri.parser.Parser;
import org.apache.olingo.server.core.uri.parser.UriParserException;
import org.apache.olingo.server.core.uri.validator.UriValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OData 3 dialect that WAP and SPF clients speak: v3 URLs are translated to OData 4 forms,
 * parsed by Olingo's URI parser against the one model, executed by the same query engine, and
 * written as OData 3 JSON (light at three metadata levels, or verbose).
 */
public final class V3Service {

    private static final Logger LOG = LoggerFactory.getLogger(V3Service.class);

    private final OData odata;
    private final Edm edm;
    private final VmmModel model;
    private final SpfAdapter adapter;
    private final EntityUpdates updates;
    private final V3UrlTranslator translator = new V3UrlTranslator();
    private final V3Responses responses;

    public V3Service(OData odata, Edm edm, VmmModel model, SpfAdapter adapter, EntityUpdates updates) {
        this.odata = odata;
        this.edm = edm;
        this.model = model;
        this.adapter = adapter;
        this.updates = updates;
        this.responses = new V3Responses(model, adapter);
    }

    public ODataHttpResponse handle(ODataHttpRequest req) {
        V3MediaType media = errorFormat(req);
        try {
            Nesting.requireShallow(req.rawQuery());
            V3TranslatedUrl url = qualifyAction(translator.translate(req.path(), req.rawQuery()));
            boolean serviceDocument = url.path().isEmpty() || url.path().equals("/");
            media = responseFormat(url, req, serviceDocument);
            String method = effectiveMethod(req);
            if (serviceDocument) {
                requireGet(method, "the service document");
                return responses.serviceDocument(req.serviceRoot(), media);
            }
            if (url.path().equals("$metadata")) {
                requireGet(method, "$metadata");
                return responses.metadata();
            }
            UriInfo uri = parse(url, req.serviceRoot());
            if (uri.getKind() != UriInfoKind.resource) {
                throw SpfException.badRequest("This kind of request is not supported: " + uri.getKind() + ".");
            }
            ResourceRequest r = UriResolver.resolve(uri);
            if (r.kind() == ResourceRequest.Kind.ACTION) {
                return invoke(req, url, r, method);
            }
            return switch (method) {
                case "GET" -> responses.read(reader(req), r, req.serviceRoot(), media, paging(uri, req),
                        delivered -> paging(uri, req).nextLink(req.serviceRoot() + req.path(), req.rawQuery(), delivered));
                case "PUT", "MERGE", "PATCH" -> update(req, url, r, media);
                case "POST" -> create(req, url, r, media);
                case "DELETE" -> delete(req, url, r);
                default -> throw new SpfException(SpfErrorCode.METHOD_NOT_ALLOWED,
                        method + " is not supported on " + r.entitySet().getName() + " in this release.");
            };
        } catch (SpfException e) {
            ODataHttpResponse error = responses.error(ErrorStatus.of(e.code()), e.code().name(), e.getMessage(), media);
            if (e.code() == SpfErrorCode.METHOD_NOT_ALLOWED) {
                Map<String, String> h = new LinkedHashMap<>(error.headers());
                h.put("Allow", allowed(req.path()));
                return new ODataHttpResponse(error.status(), h, error.body());
            }
            return error;
        } catch (V3SyntaxException e) {
            return responses.error(400, "BAD_REQUEST", e.getMessage(), media);
        } catch (RuntimeException e) {
            LOG.error("Unexpected failure on {} {}", req.method(), req.path(), e);
            return responses.error(500, "INTERNAL", "The server failed to process the request.", media);
        }
    }

    /** The methods a 405's {@code Allow} header names (RFC 9110), by the shape of the resource path. */
    private String allowed(String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String last = p.substring(p.lastIndexOf('/') + 1);
        if (p.isEmpty() || last.equals("$metadata") || last.equals("$count") || last.equals("$value")) {
            return "GET";
        }
        if (model.entityTypes().stream().anyMatch(t -> t.namedStreams().contains(last))) {
            return "GET";
        }
        if (p.contains("/") && !last.contains("(") && model.actions().stream().anyMatch(a -> a.name().equals(last))) {
            return "POST";
        }
        if (last.endsWith(")") && !last.endsWith("()")) {
            return "GET, PUT, MERGE, PATCH, DELETE";
        }
        return p.contains("/") ? "GET" : "GET, POST";
    }

    /**
     * The changes a request body asks for: an Atom entry when the Content-Type says XML (what the
     * WCF Data Services client sends by default), else JSON light or verbose (also without a
     * Content-Type, as SPF clients send it).
     */
    private Map<String, Object> changes(ODataHttpRequest req, EntityTypeDef type) {
        String contentType = req.header("Content-Type").map(t -> t.toLowerCase(Locale.ROOT)).orElse("");
        return contentType.contains("xml") ? V3AtomBody.changes(req.body(), type, model) : V3Body.changes(req.body(), type);
    }

    /** The reader of the request's scope. */
    private io.gio.spf.query.EntityReader reader(ODataHttpRequest req) {
        return adapter.reader(req.scope());
    }

    /** OData 3 clients get complete results unless they ask for pages ({@link Paging}). */
    private static Paging paging(UriInfo uri, ODataHttpRequest req) {
        return Paging.of(Optional.ofNullable(uri.getSkipTokenOption()).map(SkipTokenOption::getValue),
                req.header("Prefer"), OptionalInt.empty());
    }

    /**
     * The format of an error raised before the URL is understood: what {@code $format} or Accept
     * ask for where that is a format errors can take, else JSON light.
     */
    private static V3MediaType errorFormat(ODataHttpRequest req) {
        return V3MediaType.negotiate(V3UrlTranslator.formatOption(req.rawQuery()), req.header("Accept"),
                req.header("MaxDataServiceVersion"), false)
                .orElse(new V3MediaType(V3MediaType.Kind.JSON, V3JsonFormat.MINIMAL, false));
    }

    private V3MediaType responseFormat(V3TranslatedUrl url, ODataHttpRequest req, boolean serviceDocument) {
        Optional<V3MediaType> negotiated = V3MediaType.negotiate(url.format(), req.header("Accept"),
                req.header("MaxDataServiceVersion"), serviceDocument);
        if (negotiated.isEmpty() && raw(url.path())) {
            // a stream or $value has its own media type (image/png, text/plain, ...): JSON is for errors only
            return new V3MediaType(V3MediaType.Kind.JSON, V3JsonFormat.MINIMAL, false);
        }
        return negotiated.orElseThrow(() -> new SpfException(SpfErrorCode.NOT_ACCEPTABLE,
                        "None of the requested media types is supported; use application/atom+xml,"
                        + " application/xml or application/json (odata=minimalmetadata, fullmetadata,"
                        + " nometadata or verbose)."));
    }

    /** Whether the path reads raw content: a primitive's {@code $value} or a named stream. */
    private boolean raw(String path) {
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.equals("$value") || model.entityTypes().stream().anyMatch(t -> t.namedStreams().contains(last));
    }

    private static String effectiveMethod(ODataHttpRequest req) {
        String method = req.method().toUpperCase(Locale.ROOT);
        Optional<String> tunnel = req.header("X-HTTP-Method");
        if (method.equals("POST") && tunnel.isPresent()) {
            return tunnel.get().trim().toUpperCase(Locale.ROOT);
        }
        return method;
    }

    private static void requireGet(String method, String what) {
        if (!method.equals("GET")) {
            throw new SpfException(SpfErrorCode.METHOD_NOT_ALLOWED, what + " is read-only; use GET.");
        }
    }

    private UriInfo parse(V3TranslatedUrl url, String serviceRoot) {
        try {
            return new Parser(edm, odata).parseUri(url.path(), url.query().isEmpty() ? null : url.query(), null,
                    serviceRoot);
        } catch (UriParserException e) {
            String key = e.getMessageKey() == null ? "" : e.getMessageKey().getKey();
            boolean missing = key.contains("NOT_FOUND") || key.contains("NOT_IN_TYPE") || key.contains("NOT_FOLLOWED");
            // a resource that does not exist is a 404; a query option naming an unknown property or
            // function is a bad request (400), as WCF Data Services answers it
            SpfErrorCode code = missing && !url.query().isEmpty() && pathParses(url, serviceRoot)
                    ? SpfErrorCode.BAD_REQUEST : missing ? SpfErrorCode.NOT_FOUND : SpfErrorCode.BAD_REQUEST;
            throw new SpfException(code, "The request URI is not valid: " + e.getMessage());
        } catch (UriValidationException e) {
            throw SpfException.badRequest("The request URI is not valid: " + e.getMessage());
        }
    }

    private boolean pathParses(V3TranslatedUrl url, String serviceRoot) {
        try {
            new Parser(edm, odata).parseUri(url.path(), null, null, serviceRoot);
            return true;
        } catch (UriParserException | UriValidationException e) {
            return false;
        }
    }

    private static boolean async(V3TranslatedUrl url) {
        String flag = url.customOptions().get("RunAsynchronously");
        return "1".equals(flag) || "true".equalsIgnoreCase(flag);
    }

    private ODataHttpResponse create(ODataHttpRequest req, V3TranslatedUrl url, ResourceRequest r, V3MediaType media) {
        if (r.kind() != ResourceRequest.Kind.COLLECTION || r.query().via().isPresent()) {
            throw new SpfException(SpfErrorCode.METHOD_NOT_ALLOWED, "POST creates entities in an entity set, not here.");
        }
        EntityTypeDef type = model.entityTypeOfSet(r.entitySet().getName()).orElseThrow();
        EntityUpdates.Outcome outcome = updates.create(r.entitySet().getName(), changes(req, type),
                async(url), req.principal(), req.scope());
        ResourceRequest created = ResourceRequest.entity(r, outcome.key());
        ODataHttpResponse entity = responses.read(reader(req), created, req.serviceRoot(), media);
        Map<String, String> headers = new LinkedHashMap<>(entity.headers());
        headers.put("Location", req.serviceRoot() + r.entitySet().getName() + keyPredicate(outcome.key()));
        outcome.jobId().ifPresent(j -> headers.put("x-ms-request-id", j.toString()));
        boolean noContent = req.header("Prefer").map(p -> p.toLowerCase(Locale.ROOT).contains("return-no-content"))
                .orElse(false);
        if (noContent) {
            headers.remove("Content-Type");
            headers.put("Preference-Applied", "return-no-content");
            return new ODataHttpResponse(204, headers, ODataHttpResponse.EMPTY);
        }
        return new ODataHttpResponse(201, headers, entity.body());
    }

    /**
     * {@code Set(key)/Expand}, as WCF Data Services clients address a bound action (unqualified, or
     * qualified by namespace or container), in the namespace-qualified form Olingo parses.
     */
    private V3TranslatedUrl qualifyAction(V3TranslatedUrl url) {
        String path = url.path();
        int slash = path.lastIndexOf('/');
        int paren = path.indexOf('(');
        if (slash < 0 || paren < 0 || paren > slash) {
            return url;
        }
        String set = path.substring(path.startsWith("/") ? 1 : 0, paren);
        return model.action(set, path.substring(slash + 1))
                .map(a -> new V3TranslatedUrl(path.substring(0, slash + 1) + a.namespace() + "." + a.name(), url.query(),
                        url.format(), url.customOptions()))
                .orElse(url);
    }

    /** POST of a bound action: its parameters in a JSON object; 204 once the job started (or ended, synchronously). */
    private ODataHttpResponse invoke(ODataHttpRequest req, V3TranslatedUrl url, ResourceRequest r, String method) {
        String action = r.property().orElseThrow();
        if (!method.equals("POST")) {
            throw new SpfException(SpfErrorCode.METHOD_NOT_ALLOWED, "The action " + action + " is invoked with POST.");
        }
        EntityUpdates.Outcome outcome = updates.invoke(r.entitySet().getName(), r.key(), action,
                V3Body.parameters(req.body()), async(url), req.principal(), req.scope());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("DataServiceVersion", "3.0;");
        outcome.jobId().ifPresent(j -> headers.put("x-ms-request-id", j.toString()));
        return new ODataHttpResponse(204, headers, ODataHttpResponse.EMPTY);
    }

    private ODataHttpResponse delete(ODataHttpRequest req, V3TranslatedUrl url, ResourceRequest r) {
        if (r.kind() != ResourceRequest.Kind.ENTITY || r.query().via().isPresent()) {
            throw new SpfException(SpfErrorCode.METHOD_NOT_ALLOWED, "DELETE removes an entity addressed by its key.");
        }
        EntityUpdates.Outcome outcome = updates.delete(r.entitySet().getName(), r.key(), async(url), req.principal(),
                req.scope());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("DataServiceVersion", "1.0;");
        outcome.jobId().ifPresent(j -> headers.put("x-ms-request-id", j.toString()));
        return new ODataHttpResponse(204, headers, ODataHttpResponse.EMPTY);
    }

    /** {@code (ID=guid'..',StampId=guid'..')} for GUID keys, in key order. */
    private static String keyPredicate(Map<String, Object> key) {
        StringBuilder sb = new StringBuilder("(");
        key.forEach((k, v) -> sb.append(sb.length() == 1 ? "" : ",").append(k).append('=')
                .append(v instanceof java.util.UUID ? "guid'" + v + "'" : "'" + v.toString().replace("'", "''") + "'"));
        return sb.append(')').toString();
    }

    private ODataHttpResponse update(ODataHttpRequest req, V3TranslatedUrl url, ResourceRequest r, V3MediaType media) {
        if (r.kind() != ResourceRequest.Kind.ENTITY || r.query().via().isPresent()) {
            throw new SpfException(SpfErrorCode.METHOD_NOT_ALLOWED, "Only an entity addressed by its key can be updated.");
        }
        EntityTypeDef type = model.entityTypeOfSet(r.entitySet().getName()).orElseThrow();
        Map<String, Object> changes = changes(req, type);
        EntityUpdates.Outcome outcome = updates.update(r.entitySet().getName(), r.key(), changes, async(url),
                req.principal(), req.scope());
        Map<String, String> headers = new LinkedHashMap<>();
        outcome.jobId().ifPresent(j -> headers.put("x-ms-request-id", j.toString()));
        boolean returnContent = req.header("Prefer").map(p -> p.toLowerCase(Locale.ROOT).contains("return-content"))
                .orElse(false);
        if (returnContent) {
            ODataHttpResponse entity = responses.read(reader(req), r, req.serviceRoot(), media);
            headers.putAll(entity.headers());
            headers.put("Preference-Applied", "return-content");
            return new ODataHttpResponse(200, headers, entity.body());
        }
        headers.put("DataServiceVersion", "3.0;");
        return new ODataHttpResponse(204, headers, ODataHttpResponse.EMPTY);
    }
}
