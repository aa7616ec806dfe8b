package io.gio.odata.v3;

import static java.util.Objects.requireNonNull;

import io.gio.odata.v3.V3Token.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns an OData 3 (WCF Data Services) resource path and query into the OData 4 forms that
 * Olingo's URI parser accepts, keeping the meaning. Stateless and thread-safe.
 *
 * <p>Path: {@code guid'..'} and the other typed literals in key predicates, {@code Set()} to
 * {@code Set} (for unqualified names only, so bound functions keep their parentheses), and
 * {@code $links/Nav} to {@code Nav/$ref}. Query: {@code $filter} and {@code $orderby} literals
 * and {@code substringof}, {@code $expand}/{@code $select} nesting, {@code $inlinecount} to
 * {@code $count}; {@code $format} and custom options are taken out and returned apart.
 */
public final class V3UrlTranslator {
    private static final Set<String> PASS_THROUGH = Set.of("$top", "$skip", "$skiptoken");

    /**
     * The {@code $format} option of a query string, read leniently (a malformed escape elsewhere
     * does not hide it), so that even a request the translator refuses gets its error in the
     * format the client asked for.
     */
    public static Optional<String> formatOption(String rawQuery) {
        for (String pair : (rawQuery.startsWith("?") ? rawQuery.substring(1) : rawQuery).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).replace("%24", "$").equals("$format")) {
                try {
                    return Optional.of(UriEncoding.decode(pair.substring(eq + 1), true));
                } catch (V3SyntaxException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Translates a request URL.
     *
     * @param rawPath the percent-encoded path after the service root, e.g.
     *     {@code VirtualMachines(ID=guid'..',StampId=guid'..')/VirtualNetworkAdapters}
     * @param rawQuery the percent-encoded query string without '?', possibly empty; '+' means a
     *     space (form encoding), {@code %2B} a plus
     * @throws V3SyntaxException on a malformed literal, escape, parenthesis or query option
     */
    public V3TranslatedUrl translate(String rawPath, String rawQuery) throws V3SyntaxException {
        requireNonNull(rawPath, "rawPath is null");
        requireNonNull(rawQuery, "rawQuery is null");
        Map<String, String> custom = new LinkedHashMap<>();
        Optional<String> format = Optional.empty();
        Map<String, String> system = new LinkedHashMap<>();
        for (String pair : (rawQuery.startsWith("?") ? rawQuery.substring(1) : rawQuery).split("&")) {
            int eq = pair.indexOf('=');
            String name = UriEncoding.decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : UriEncoding.decode(pair.substring(eq + 1), true);
            if (name.isEmpty()) {
                continue;
            }
            if (!name.startsWith("$")) {
                custom.putIfAbsent(name, value);
            } else if (system.containsKey(name) || name.equals("$format") && format.isPresent()) {
                throw new V3SyntaxException("Query option '" + name + "' must not be given more than once");
            } else if (name.equals("$format")) {
                format = Optional.of(value);
            } else {
                system.put(name, value);
            }
        }
        return new V3TranslatedUrl(translatePath(rawPath), translateSystemOptions(system), format, custom);
    }

    private static String translateSystemOptions(Map<String, String> options) throws V3SyntaxException {
        List<String> out = new ArrayList<>();
        boolean projectionDone = false;
        for (Map.Entry<String, String> option : options.entrySet()) {
            String name = option.getKey();
            String value = option.getValue();
            switch (name) {
                case "$filter", "$orderby" -> out.add(pair(name, V3ExpressionTranslator.translate(value)));
                case "$expand", "$select" -> {
                    if (!projectionDone) {
                        projectionDone = true;
                        V3ExpandTranslator.Result r = V3ExpandTranslator.translate(
                                Optional.ofNullable(options.get("$expand")), Optional.ofNullable(options.get("$select")));
                        r.expand().ifPresent(e -> out.add(pair("$expand", e)));
                        r.select().ifPresent(s -> out.add(pair("$select", s)));
                    }
                }
                case "$inlinecount" -> {
                    if (value.equals("allpages")) {
                        out.add("$count=true");
                    } else if (!value.equals("none")) {
                        throw new V3SyntaxException("Invalid $inlinecount value '" + value
                                + "': expected allpages or none");
                    }
                }
                default -> {
                    if (!PASS_THROUGH.contains(name)) {
                        throw new V3SyntaxException("Unsupported system query option '" + name
                                + "': names starting with '$' are reserved for the system query options"
                                + " $filter, $orderby, $expand, $select, $top, $skip, $skiptoken,"
                                + " $inlinecount and $format");
                    }
                    out.add(pair(name, value));
                }
            }
        }
        return String.join("&", out);
    }

    private static String pair(String name, String value) {
        return UriEncoding.encode(name, UriEncoding.QUERY_NAME_SAFE) + "="
                + UriEncoding.encode(value, UriEncoding.QUERY_VALUE_SAFE);
    }

    static String translatePath(String rawPath) throws V3SyntaxException {
        String prefix = rawPath.startsWith("/") ? "/" : "";
        String body = rawPath.substring(prefix.length());
        if (body.isEmpty()) {
            return prefix;
        }
        String[] raw = body.split("/", -1);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < raw.length; i++) {
            String segment = UriEncoding.decode(raw[i], false);
            if (segment.equals("$links")) {
                if (i != raw.length - 2 || raw[i + 1].isEmpty()) {
                    throw new V3SyntaxException("'$links' must be followed by exactly one navigation property in: "
                            + rawPath);
                }
                out.add(translateSegment(UriEncoding.decode(raw[++i], false)));
                out.add("$ref");
            } else {
                out.add(translateSegment(segment));
            }
        }
        List<String> encoded = new ArrayList<>();
        for (String segment : out) {
            encoded.add(UriEncoding.encode(segment, UriEncoding.PATH_SAFE));
        }
        return prefix + String.join("/", encoded);
    }

    private static String translateSegment(String segment) throws V3SyntaxException {
        List<V3Token> tokens = V3Lexer.tokenize(segment);
        if (tokens.size() == 3 && tokens.get(0).kind() == Kind.IDENTIFIER
                && tokens.get(1).kind() == Kind.OPEN && tokens.get(2).kind() == Kind.CLOSE
                && tokens.get(0).text().indexOf('.') < 0) {
            return tokens.get(0).text();
        }
        return V3ExpressionTranslator.translate(tokens, segment);
    }
}
