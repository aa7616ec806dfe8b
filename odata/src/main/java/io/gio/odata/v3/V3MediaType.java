package io.gio.odata.v3;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

/**
 * The response format an OData 3 request asked for, from {@code $format} (which wins) or the
 * {@code Accept} header, following WCF Data Services: {@code application/json} without an
 * {@code odata} parameter is minimal metadata; no Accept, {@code *}{@code /*},
 * {@code application/*}, {@code application/atom+xml} and {@code application/xml} are Atom.
 *
 * @param kind ATOM (Atom payloads), JSON, or XML ({@code $format=xml}: Atom payloads sent as
 *     {@code application/xml})
 * @param jsonFormat the JSON flavour; {@link V3JsonFormat#MINIMAL} when the kind is not JSON, so
 *     a caller falling back to JSON where Atom is not implemented can use it as it is
 * @param explicit whether the client named this format ({@code $format} or a concrete Accept
 *     type) rather than getting it as the default ({@code *}{@code /*}, no Accept)
 */
public record V3MediaType(Kind kind, V3JsonFormat jsonFormat, boolean explicit) {
    public enum Kind { ATOM, JSON, XML }

    private static final String CHARSET = "; charset=utf-8";

    public V3MediaType {
        requireNonNull(kind, "kind is null");
        requireNonNull(jsonFormat, "jsonFormat is null");
    }

    /**
     * Picks the response format.
     *
     * @param format the decoded {@code $format} value, if any: {@code json}, {@code atom},
     *     {@code xml} or a media type such as {@code application/json;odata=fullmetadata}
     * @param accept the Accept header, if any
     * @return the format, or empty when nothing asked for is supported (answer 406 / 415)
     */
    public static Optional<V3MediaType> negotiate(Optional<String> format, Optional<String> accept) {
        requireNonNull(format, "format is null");
        requireNonNull(accept, "accept is null");
        if (format.isPresent()) {
            String f = format.get().trim().toLowerCase(Locale.ROOT);
            return switch (f) {
                case "json" -> Optional.of(json(V3JsonFormat.MINIMAL));
                case "atom" -> Optional.of(new V3MediaType(Kind.ATOM, V3JsonFormat.MINIMAL, true));
                case "xml" -> Optional.of(new V3MediaType(Kind.XML, V3JsonFormat.MINIMAL, true));
                default -> AcceptHeader.best(f);
            };
        }
        if (accept.isEmpty() || accept.get().isBlank()) {
            return Optional.of(new V3MediaType(Kind.ATOM, V3JsonFormat.MINIMAL, false));
        }
        return AcceptHeader.best(accept.get());
    }

    static V3MediaType json(V3JsonFormat format) {
        return new V3MediaType(Kind.JSON, format, true);
    }

    public boolean isJson() {
        return kind == Kind.JSON;
    }

    /** Whether the client asked for JSON by name (JSON is never a default in OData 3). */
    public boolean jsonRequestedExplicitly() {
        return isJson() && explicit;
    }

    /** The exact Content-Type header value for a response body of this format. */
    public String contentType(V3Payload payload) {
        requireNonNull(payload, "payload is null");
        if (payload == V3Payload.METADATA) {
            return "application/xml" + CHARSET;
        }
        return switch (kind) {
            case JSON -> switch (jsonFormat) {
                case MINIMAL -> "application/json; odata=minimalmetadata; streaming=true" + CHARSET;
                case FULL -> "application/json; odata=fullmetadata; streaming=true" + CHARSET;
                case NONE -> "application/json; odata=nometadata; streaming=true" + CHARSET;
                case VERBOSE -> "application/json; odata=verbose" + CHARSET;
            };
            case XML -> "application/xml" + CHARSET;
            case ATOM -> switch (payload) {
                case FEED -> "application/atom+xml; type=feed" + CHARSET;
                case ENTRY -> "application/atom+xml; type=entry" + CHARSET;
                case SERVICE_DOCUMENT -> "application/atomsvc+xml" + CHARSET;
                default -> "application/xml" + CHARSET;
            };
        };
    }
}
