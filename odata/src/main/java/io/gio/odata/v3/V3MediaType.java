package io.gio.odata.v3;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The response format an OData 3 request asked for, from {@code $format} (which wins) or the
 * {@code Accept} header, following WCF Data Services: {@code application/json} without an
 * {@code odata} parameter is minimal metadata (verbose JSON for a client whose
 * {@code MaxDataServiceVersion} is below 3.0); no Accept, {@code *}{@code /*},
 * {@code application/*}, {@code application/atom+xml} and {@code application/xml} are Atom,
 * and so is {@code application/atomsvc+xml} for the service document.
 *
 * @param kind ATOM (Atom payloads), JSON, or XML ({@code $format=xml}: Atom payloads sent as
 *     {@code application/xml})
 * @param jsonFormat the JSON flavour; {@link V3JsonFormat#MINIMAL} when the kind is not JSON (never
 *     read then: every payload has its Atom or XML form)
 * @param explicit whether the client named this format ({@code $format} or a concrete Accept
 *     type) rather than getting it as the default ({@code *}{@code /*}, no Accept)
 */
public record V3MediaType(Kind kind, V3JsonFormat jsonFormat, boolean explicit) {
    public enum Kind { ATOM, JSON, XML }

    private static final String CHARSET = "; charset=utf-8";
    private static final Pattern VERSION = Pattern.compile("\\s*(\\d{1,4})(\\.\\d+)?\\s*(;.*)?$");

    public V3MediaType {
        requireNonNull(kind, "kind is null");
        requireNonNull(jsonFormat, "jsonFormat is null");
    }

    /**
     * Picks the response format of anything but the service document for a client that sent
     * no {@code MaxDataServiceVersion}.
     *
     * @see #negotiate(Optional, Optional, Optional, boolean)
     */
    public static Optional<V3MediaType> negotiate(Optional<String> format, Optional<String> accept) {
        return negotiate(format, accept, Optional.empty(), false);
    }

    /**
     * Picks the response format.
     *
     * @param format the decoded {@code $format} value, if any: {@code json}, {@code atom},
     *     {@code xml} or a media type such as {@code application/json;odata=fullmetadata}
     * @param accept the Accept header, if any
     * @param maxDataServiceVersion the {@code MaxDataServiceVersion} header, if any. Below 3.0
     *     a plain {@code application/json} (or {@code $format=json}) means verbose JSON, as
     *     WCF Data Services 5 answers OData 1 and 2 clients such as datajs 1.0, which send
     *     {@code Accept: application/json} with {@code MaxDataServiceVersion: 2.0} and can
     *     only read the {@code {"d":...}} format
     * @param serviceDocument whether the request is for the service document, the only
     *     resource that {@code application/atomsvc+xml} selects
     * @return the format, or empty when nothing asked for is supported (answer 406 / 415)
     */
    public static Optional<V3MediaType> negotiate(Optional<String> format, Optional<String> accept,
            Optional<String> maxDataServiceVersion, boolean serviceDocument) {
        requireNonNull(format, "format is null");
        requireNonNull(accept, "accept is null");
        requireNonNull(maxDataServiceVersion, "maxDataServiceVersion is null");
        V3JsonFormat plainJson = maxDataServiceVersion.map(V3MediaType::belowVersion3).orElse(false)
                ? V3JsonFormat.VERBOSE : V3JsonFormat.MINIMAL;
        if (format.isPresent()) {
            String f = format.get().trim().toLowerCase(Locale.ROOT);
            return switch (f) {
                case "json" -> Optional.of(json(plainJson));
                case "atom" -> Optional.of(new V3MediaType(Kind.ATOM, V3JsonFormat.MINIMAL, true));
                case "xml" -> Optional.of(new V3MediaType(Kind.XML, V3JsonFormat.MINIMAL, true));
                default -> AcceptHeader.best(f, plainJson, serviceDocument);
            };
        }
        if (accept.isEmpty() || accept.get().isBlank()) {
            return Optional.of(new V3MediaType(Kind.ATOM, V3JsonFormat.MINIMAL, false));
        }
        return AcceptHeader.best(accept.get(), plainJson, serviceDocument);
    }

    /** Whether a version header value such as {@code 2.0}, {@code 1.0;} or {@code 2.0;NetFx} is below 3.0. */
    private static boolean belowVersion3(String version) {
        Matcher m = VERSION.matcher(version);
        return m.lookingAt() && Integer.parseInt(m.group(1)) < 3;
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
