package io.gio.odata.v3;

import io.gio.odata.v3.V3MediaType.Kind;
import java.util.Locale;
import java.util.Optional;

/** Chooses the best supported media range of an Accept header (highest q, then first). */
final class AcceptHeader {
    private AcceptHeader() {
    }

    /**
     * @param plainJson what {@code application/json} without an {@code odata} parameter means:
     *     minimal metadata for OData 3 clients, verbose JSON for OData 1 and 2 clients
     * @param serviceDocument whether the service document is asked for: only it is served as
     *     {@code application/atomsvc+xml}, so for anything else that range is passed over, as
     *     WCF Data Services does (datajs asks for {@code application/atomsvc+xml;q=0.8,
     *     application/json;odata=verbose;q=0.5, *}{@code /*;q=0.1} and reads feeds as JSON)
     */
    static Optional<V3MediaType> best(String header, V3JsonFormat plainJson, boolean serviceDocument) {
        V3MediaType best = null;
        double bestQ = 0;
        for (String range : header.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            String odata = null;
            double q = 1;
            boolean valid = true;
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                String name = (eq < 0 ? parts[i] : parts[i].substring(0, eq)).trim().toLowerCase(Locale.ROOT);
                String value = eq < 0 ? "" : parts[i].substring(eq + 1).trim().toLowerCase(Locale.ROOT);
                if (name.equals("odata")) {
                    odata = value;
                } else if (name.equals("q")) {
                    try {
                        q = Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        valid = false;
                    }
                }
            }
            Optional<V3MediaType> candidate = valid ? candidate(type, odata, plainJson, serviceDocument)
                    : Optional.empty();
            if (candidate.isPresent() && q > bestQ) {
                best = candidate.get();
                bestQ = q;
            }
        }
        return Optional.ofNullable(best);
    }

    private static Optional<V3MediaType> candidate(String type, String odata, V3JsonFormat plainJson,
            boolean serviceDocument) {
        return switch (type) {
            case "application/json" -> jsonFormat(odata, plainJson).map(V3MediaType::json);
            case "application/atomsvc+xml" -> serviceDocument
                    ? Optional.of(new V3MediaType(Kind.ATOM, V3JsonFormat.MINIMAL, true)) : Optional.empty();
            case "application/atom+xml", "application/xml", "text/xml" ->
                    Optional.of(new V3MediaType(Kind.ATOM, V3JsonFormat.MINIMAL, true));
            case "*/*", "application/*" -> Optional.of(new V3MediaType(Kind.ATOM, V3JsonFormat.MINIMAL, false));
            default -> Optional.empty();
        };
    }

    private static Optional<V3JsonFormat> jsonFormat(String odata, V3JsonFormat plainJson) {
        if (odata == null) {
            return Optional.of(plainJson);
        }
        return switch (odata) {
            case "minimalmetadata" -> Optional.of(V3JsonFormat.MINIMAL);
            case "fullmetadata" -> Optional.of(V3JsonFormat.FULL);
            case "nometadata" -> Optional.of(V3JsonFormat.NONE);
            case "verbose" -> Optional.of(V3JsonFormat.VERBOSE);
            default -> Optional.empty();
        };
    }
}
