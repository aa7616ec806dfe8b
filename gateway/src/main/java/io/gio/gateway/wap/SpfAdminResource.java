package io.gio.gateway.wap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gio.gateway.http.ODataErrors;
import io.gio.spf.SpfAdapter;
import io.gio.spf.accounts.Directory;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SPF's Admin service at {@code /SC2012R2/Admin/Microsoft.Management.Odata.svc/} (and
 * {@code /SC2012/}), read-only, admin only (HTTP Basic, as the VMM service): {@code Stamps},
 * {@code Tenants} and {@code Servers} (the VMM management server of each stamp), in OData 3 JSON
 * light (minimal or no metadata) or Atom, with {@code $filter} (comparisons with {@code eq}/{@code ne}
 * joined by {@code and}), {@code $top}, {@code $skip}, {@code $inlinecount=allpages},
 * {@code /$count}, single entities by key and {@code $metadata}. The sets are small (one row per
 * stamp or tenant), so they are filtered in memory.
 */
@Path("{version: SC2012R2|SC2012}/Admin/Microsoft.Management.Odata.svc")
public final class SpfAdminResource {

    static final String NS = "Admin";
    private static final String JSON_LIGHT = "application/json;odata=minimalmetadata;streaming=true;charset=utf-8";
    private static final Pattern KEY = Pattern.compile("^(\\w+)\\((?:ID=)?(?:guid|Guid)?'?([0-9a-fA-F-]{36})'?\\)$");
    private static final Pattern CMP = Pattern.compile(
            "^\\s*(\\w+)\\s+(eq|ne)\\s+(?:(?:guid|Guid)'([^']*)'|'((?:[^']|'')*)'|(-?\\d+)|(true|false|null))\\s*$");
    private static final int VMM_PORT = 8100;

    /** A property: its name and Edm type. */
    private record Prop(String name, String type) {}

    private static final Map<String, List<Prop>> TYPES = new LinkedHashMap<>();
    private static final Map<String, String> SET_TYPE = new LinkedHashMap<>();

    static {
        TYPES.put("Stamp", List.of(new Prop("ID", "Edm.Guid"), new Prop("Name", "Edm.String"),
                new Prop("Description", "Edm.String"), new Prop("Generation", "Edm.String"),
                new Prop("MaxCPUCountPerVM", "Edm.Int32"), new Prop("MaxMemoryMBPerVM", "Edm.Int32")));
        TYPES.put("Tenant", List.of(new Prop("ID", "Edm.Guid"), new Prop("Name", "Edm.String"),
                new Prop("AccountStatus", "Edm.Int32"), new Prop("IssuerName", "Edm.String"),
                new Prop("SubscriptionCount", "Edm.Int32"), new Prop("CreationTime", "Edm.DateTime")));
        TYPES.put("Server", List.of(new Prop("ID", "Edm.Guid"), new Prop("Name", "Edm.String"),
                new Prop("Port", "Edm.Int32"), new Prop("ServerType", "Edm.String"), new Prop("StampId", "Edm.Guid"),
                new Prop("StampName", "Edm.String")));
        SET_TYPE.put("Stamps", "Stamp");
        SET_TYPE.put("Tenants", "Tenant");
        SET_TYPE.put("Servers", "Server");
    }

    private final SpfAdapter adapter;

    public SpfAdminResource(SpfAdapter adapter) {
        this.adapter = adapter;
    }

    @GET
    public Response root(@Context ContainerRequestContext req) {
        return get(req, "");
    }

    @GET
    @Path("{path: .*}")
    public Response get(@Context ContainerRequestContext req, @PathParam("path") String path) {
        String root = serviceRoot(req);
        boolean atom = wantsAtom(req);
        try {
            if (path.isEmpty() || path.equals("/")) {
                return serviceDocument(root, atom);
            }
            if (path.equals("$metadata")) {
                return Response.ok(metadata()).type("application/xml;charset=utf-8")
                        .header("DataServiceVersion", "3.0;").build();
            }
            boolean count = path.endsWith("/$count");
            String p = count ? path.substring(0, path.length() - 7) : path;
            if (p.endsWith("()")) {
                p = p.substring(0, p.length() - 2);
            }
            Matcher key = KEY.matcher(p);
            String set = key.matches() ? key.group(1) : p;
            if (!SET_TYPE.containsKey(set)) {
                return error(404, "Resource not found for the segment '" + p + "'.", atom);
            }
            List<Map<String, Object>> rows = rows(set);
            if (key.matches()) {
                UUID id = UUID.fromString(key.group(2));
                Map<String, Object> row = rows.stream().filter(r -> id.equals(r.get("ID"))).findFirst().orElse(null);
                if (row == null) {
                    return error(404, "Resource not found for the segment '" + p + "'.", atom);
                }
                return atom ? atomEntry(root, set, row) : json(root, set, List.of(row), null, true);
            }
            MultivaluedMap<String, String> q = req.getUriInfo().getQueryParameters();
            List<Map<String, Object>> filtered = new ArrayList<>(rows);
            String filter = q.getFirst("$filter");
            if (filter != null && !filter.isBlank()) {
                filtered.removeIf(filter(set, filter).negate());
            }
            long total = filtered.size();
            int skip = option(q.getFirst("$skip"), "$skip");
            int top = q.getFirst("$top") == null ? Integer.MAX_VALUE : option(q.getFirst("$top"), "$top");
            filtered = filtered.stream().skip(skip).limit(top).toList();
            if (count) {
                return Response.ok(Long.toString(total)).type("text/plain;charset=utf-8")
                        .header("DataServiceVersion", "1.0;").build();
            }
            String inline = q.getFirst("$inlinecount");
            if (inline != null && !inline.equals("allpages") && !inline.equals("none")) {
                throw new IllegalArgumentException("$inlinecount must be allpages or none.");
            }
            Long inlineCount = "allpages".equals(inline) ? total : null;
            return atom ? atomFeed(root, set, filtered, inlineCount) : json(root, set, filtered, inlineCount, false);
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage(), atom);
        }
    }

    // ---- data

    private List<Map<String, Object>> rows(String set) {
        Directory d = adapter.directory();
        List<Map<String, Object>> out = new ArrayList<>();
        switch (set) {
            case "Stamps" -> d.stamps().forEach(s -> out.add(row("ID", s.id(), "Name", s.name(), "Description",
                    s.hypervisor(), "Generation", s.generation(), "MaxCPUCountPerVM", s.maxCpu(), "MaxMemoryMBPerVM",
                    s.maxMemoryMb())));
            case "Tenants" -> d.tenants().forEach(t -> out.add(row("ID", t.id(), "Name", t.name(), "AccountStatus",
                    t.subscriptions() > 0 && t.activeSubscriptions() == 0 ? 1 : 0, "IssuerName", "gio-gateway",
                    "SubscriptionCount", (int) t.subscriptions(), "CreationTime", t.created())));
            case "Servers" -> d.stamps().forEach(s -> out.add(row("ID",
                    UUID.nameUUIDFromBytes(("vmm-server:" + s.id()).getBytes(StandardCharsets.UTF_8)), "Name",
                    "vmm-" + s.name().toLowerCase(Locale.ROOT) + ".gio.local", "Port", VMM_PORT, "ServerType", "VMM",
                    "StampId", s.id(), "StampName", s.name())));
            default -> throw new IllegalStateException(set);
        }
        return out;
    }

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** {@code Prop eq 'x' and Prop ne guid'..'}: what SPF Admin clients send (by name or ID). */
    private static Predicate<Map<String, Object>> filter(String set, String filter) {
        List<Prop> props = TYPES.get(SET_TYPE.get(set));
        Predicate<Map<String, Object>> all = r -> true;
        for (String part : filter.split("(?i)\\s+and\\s+")) {
            Matcher m = CMP.matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException("$filter: this service understands comparisons with eq and ne joined"
                        + " by and, e.g. Name eq 'GIO-V1'; got '" + part.trim() + "'.");
            }
            Prop prop = props.stream().filter(x -> x.name().equals(m.group(1))).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("$filter: '" + m.group(1) + "' is not a property of " + NS + "."
                            + SET_TYPE.get(set) + "."));
            String literal = m.group(3) != null ? m.group(3) : m.group(4) != null ? m.group(4).replace("''", "'")
                    : m.group(5) != null ? m.group(5) : m.group(6);
            boolean eq = m.group(2).equals("eq");
            Predicate<Map<String, Object>> cmp = r -> {
                Object v = r.get(prop.name());
                boolean same = v == null ? "null".equals(literal) : v.toString().equalsIgnoreCase(literal)
                        && (prop.type().equals("Edm.Guid") || v.toString().equals(literal));
                return same == eq;
            };
            all = all.and(cmp);
        }
        return all;
    }

    private static int option(String v, String name) {
        if (v == null) {
            return 0;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number of 0 or more, got '" + v + "'.");
        }
    }

    // ---- JSON light

    private Response json(String root, String set, List<Map<String, Object>> rows, Long inlineCount, boolean single) {
        ObjectNode o = WapJson.object();
        o.put("odata.metadata", root + "$metadata#" + set + (single ? "/@Element" : ""));
        if (single) {
            put(o, rows.get(0));
        } else {
            if (inlineCount != null) {
                o.put("odata.count", Long.toString(inlineCount));
            }
            ArrayNode a = o.putArray("value");
            rows.forEach(r -> put(a.addObject(), r));
        }
        try {
            return Response.ok(WapApi.JSON.writeValueAsString(o)).type(JSON_LIGHT)
                    .header("DataServiceVersion", "3.0;").build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void put(ObjectNode o, Map<String, Object> row) {
        row.forEach((k, v) -> {
            if (v == null) {
                o.putNull(k);
            } else if (v instanceof Integer i) {
                o.put(k, i);
            } else if (v instanceof Instant t) {
                o.put(k, edmDateTime(t));
            } else {
                o.put(k, v.toString());
            }
        });
    }

    private static String edmDateTime(Instant t) {
        String s = t.toString();
        return s.endsWith("Z") ? s.substring(0, s.length() - 1) : s;
    }

    // ---- Atom

    private static boolean wantsAtom(ContainerRequestContext req) {
        String format = req.getUriInfo().getQueryParameters().getFirst("$format");
        if (format != null) {
            return format.equalsIgnoreCase("atom") || format.contains("xml");
        }
        String accept = req.getHeaderString("Accept");
        return accept == null || !accept.toLowerCase(Locale.ROOT).contains("json");
    }

    private Response atomFeed(String root, String set, List<Map<String, Object>> rows, Long inlineCount) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xml:base=\"")
                .append(xml(root)).append("\"").append(NAMESPACES).append("><id>").append(xml(root + set))
                .append("</id><title type=\"text\">").append(set).append("</title><updated>").append(Instant.now())
                .append("</updated><link rel=\"self\" title=\"").append(set).append("\" href=\"").append(set)
                .append("\" />");
        if (inlineCount != null) {
            b.append("<m:count>").append(inlineCount).append("</m:count>");
        }
        rows.forEach(r -> entry(b, root, set, r));
        b.append("</feed>");
        return Response.ok(b.toString()).type("application/atom+xml;type=feed;charset=utf-8")
                .header("DataServiceVersion", "3.0;").build();
    }

    private Response atomEntry(String root, String set, Map<String, Object> row) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        int at = b.length();
        entry(b, root, set, row);
        b.insert(at + "<entry".length(), " xml:base=\"" + xml(root) + "\"" + NAMESPACES);
        return Response.ok(b.toString()).type("application/atom+xml;type=entry;charset=utf-8")
                .header("DataServiceVersion", "3.0;").build();
    }

    private static final String NAMESPACES = " xmlns=\"http://www.w3.org/2005/Atom\""
            + " xmlns:d=\"http://schemas.microsoft.com/ado/2007/08/dataservices\""
            + " xmlns:m=\"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata\"";

    private static void entry(StringBuilder b, String root, String set, Map<String, Object> row) {
        String type = SET_TYPE.get(set);
        String self = set + "(guid'" + row.get("ID") + "')";
        b.append("<entry><id>").append(xml(root + self)).append("</id><category term=\"").append(NS).append('.')
                .append(type).append("\" scheme=\"http://schemas.microsoft.com/ado/2007/08/dataservices/scheme\" />")
                .append("<link rel=\"edit\" title=\"").append(type).append("\" href=\"").append(self).append("\" />")
                .append("<title /><updated>").append(Instant.now()).append("</updated><author><name /></author>")
                .append("<content type=\"application/xml\"><m:properties>");
        for (Prop p : TYPES.get(type)) {
            Object v = row.get(p.name());
            b.append("<d:").append(p.name());
            if (!p.type().equals("Edm.String")) {
                b.append(" m:type=\"").append(p.type()).append('"');
            }
            if (v == null) {
                b.append(" m:null=\"true\" />");
            } else {
                b.append('>').append(xml(v instanceof Instant t ? edmDateTime(t) : v.toString())).append("</d:")
                        .append(p.name()).append('>');
            }
        }
        b.append("</m:properties></content></entry>");
    }

    // ---- service document, metadata, errors

    private Response serviceDocument(String root, boolean atom) {
        if (atom) {
            StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><service xml:base=\"")
                    .append(xml(root)).append("\" xmlns=\"http://www.w3.org/2007/app\""
                            + " xmlns:atom=\"http://www.w3.org/2005/Atom\"><workspace><atom:title>Default</atom:title>");
            SET_TYPE.keySet().forEach(s -> b.append("<collection href=\"").append(s).append("\"><atom:title>")
                    .append(s).append("</atom:title></collection>"));
            b.append("</workspace></service>");
            return Response.ok(b.toString()).type("application/atomsvc+xml;charset=utf-8")
                    .header("DataServiceVersion", "1.0;").build();
        }
        ObjectNode o = WapJson.object();
        o.put("odata.metadata", root + "$metadata");
        ArrayNode v = o.putArray("value");
        SET_TYPE.keySet().forEach(s -> v.addObject().put("name", s).put("url", s));
        return Response.ok(o.toString()).type(JSON_LIGHT).header("DataServiceVersion", "3.0;").build();
    }

    static String metadata() {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                + "<edmx:Edmx Version=\"1.0\" xmlns:edmx=\"http://schemas.microsoft.com/ado/2007/06/edmx\">"
                + "<edmx:DataServices m:DataServiceVersion=\"3.0\" m:MaxDataServiceVersion=\"3.0\""
                + " xmlns:m=\"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata\">"
                + "<Schema Namespace=\"" + NS + "\" xmlns=\"http://schemas.microsoft.com/ado/2009/11/edm\">");
        TYPES.forEach((type, props) -> {
            b.append("<EntityType Name=\"").append(type).append("\"><Key><PropertyRef Name=\"ID\" /></Key>");
            props.forEach(p -> b.append("<Property Name=\"").append(p.name()).append("\" Type=\"").append(p.type())
                    .append("\" Nullable=\"").append(p.name().equals("ID") ? "false" : "true").append("\" />"));
            b.append("</EntityType>");
        });
        b.append("<EntityContainer Name=\"AdminContext\" m:IsDefaultEntityContainer=\"true\">");
        SET_TYPE.forEach((set, type) -> b.append("<EntitySet Name=\"").append(set).append("\" EntityType=\"")
                .append(NS).append('.').append(type).append("\" />"));
        return b.append("</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>").toString();
    }

    private static Response error(int status, String message, boolean atom) {
        if (atom) {
            String body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><m:error"
                    + " xmlns:m=\"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata\"><m:code>"
                    + (status == 404 ? "NotFound" : "BadRequest") + "</m:code><m:message xml:lang=\"en-US\">"
                    + xml(message) + "</m:message></m:error>";
            return Response.status(status).type("application/xml;charset=utf-8").entity(body)
                    .header("DataServiceVersion", "1.0;").build();
        }
        return ODataErrors.v3(Response.Status.fromStatusCode(status), status == 404 ? "NotFound" : "BadRequest", message)
                .build();
    }

    private static String serviceRoot(ContainerRequestContext req) {
        String raw = req.getUriInfo().getPath(false);
        String marker = "Microsoft.Management.Odata.svc";
        return req.getUriInfo().getBaseUri().toString() + raw.substring(0, raw.indexOf(marker) + marker.length()) + "/";
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
