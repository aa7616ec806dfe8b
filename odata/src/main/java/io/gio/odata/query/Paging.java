package io.gio.odata.query;

import io.gio.spf.SpfException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Server-driven paging, shared by both dialects. A client asks for pages with
 * {@code Prefer: odata.maxpagesize=N} (OData 4's preference, also honoured in OData 3, where
 * WCF Data Services had no standard one); each page then ends with a next link whose
 * {@code $skiptoken} is the offset of the next entity. The token is opaque to clients.
 *
 * @param offset entities of the result already delivered by earlier pages
 * @param pageSize the most entities in this response; empty means "all the rest"
 * @param preferenceApplied the value of the {@code Preference-Applied} header, when a page size was asked for
 */
public record Paging(int offset, OptionalInt pageSize, Optional<String> preferenceApplied) {

    /** Largest page a client may ask for; larger asks get this. */
    public static final int MAX_PAGE = 5_000;

    /**
     * @param skipToken the {@code $skiptoken} value, if any
     * @param prefer the {@code Prefer} header, if any
     * @param serverPageSize the server's own page limit, empty when the dialect delivers complete results
     */
    public static Paging of(Optional<String> skipToken, Optional<String> prefer, OptionalInt serverPageSize) {
        int offset = skipToken.map(Paging::parseSkipToken).orElse(0);
        OptionalInt asked = prefer.map(Paging::maxPageSize).orElse(OptionalInt.empty());
        if (asked.isEmpty()) {
            return new Paging(offset, serverPageSize, Optional.empty());
        }
        int size = Math.min(asked.getAsInt(), serverPageSize.orElse(MAX_PAGE));
        return new Paging(offset, OptionalInt.of(size), Optional.of("odata.maxpagesize=" + size));
    }

    /** The page size in a {@code Prefer} header, if any; malformed preferences are ignored, as hints are. */
    static OptionalInt maxPageSize(String prefer) {
        for (String part : prefer.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            int eq = p.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = p.substring(0, eq).trim();
            if (name.equals("odata.maxpagesize") || name.equals("maxpagesize")) {
                try {
                    int n = Integer.parseInt(p.substring(eq + 1).trim());
                    if (n > 0) {
                        return OptionalInt.of(n);
                    }
                } catch (NumberFormatException e) {
                    // not a number: the preference is ignored
                }
            }
        }
        return OptionalInt.empty();
    }

    private static int parseSkipToken(String token) {
        try {
            int n = Integer.parseInt(token.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw SpfException.badRequest("The $skiptoken '" + token + "' is not one this service issued.");
    }

    /** How many entities this page holds at most, given the client's {@code $top}. */
    public int limit(OptionalInt top) {
        int remaining = Math.max(0, top.orElse(Integer.MAX_VALUE) - offset);
        return Math.min(remaining, pageSize.orElse(Integer.MAX_VALUE));
    }

    /** Whether a next page can follow this one, given the client's {@code $top}. */
    public boolean mayContinue(OptionalInt top) {
        return pageSize.isPresent() && limit(top) < Math.max(0, top.orElse(Integer.MAX_VALUE) - offset);
    }

    /**
     * The next page's URL: the request's URL with its {@code $skiptoken} replaced.
     *
     * @param resourceUrl absolute URL of the resource, without query
     * @param rawQuery the request's raw query string, without {@code ?}
     */
    public String nextLink(String resourceUrl, String rawQuery, int delivered) {
        StringBuilder kept = new StringBuilder();
        for (String part : rawQuery.split("&")) {
            String lower = part.toLowerCase(Locale.ROOT);
            if (!part.isEmpty() && !lower.startsWith("$skiptoken=") && !lower.startsWith("%24skiptoken=")) {
                kept.append(kept.length() == 0 ? "" : "&").append(part);
            }
        }
        kept.append(kept.length() == 0 ? "" : "&").append("$skiptoken=").append(offset + delivered);
        return resourceUrl + "?" + kept;
    }
}
