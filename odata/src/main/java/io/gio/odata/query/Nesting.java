package io.gio.odata.query;

import io.gio.spf.SpfException;

/**
 * Bounds how deeply a request's query options nest parentheses. URI parsers (Olingo's, and the
 * v3 translator) descend recursively; an expression nested thousands deep would exhaust a request
 * thread's stack. WCF Data Services refuses such URIs too ("The recursion limit has been exceeded").
 */
public final class Nesting {
    /** Deeper than any real filter or expand; far below what overflows a default thread stack. */
    public static final int MAX_DEPTH = 100;

    private Nesting() {
    }

    /**
     * @param rawQuery the percent-encoded query string
     * @throws SpfException BAD_REQUEST when parentheses (plain or %28) nest deeper than {@link #MAX_DEPTH}
     */
    public static void requireShallow(String rawQuery) {
        int depth = 0;
        for (int i = 0; i < rawQuery.length(); i++) {
            char c = rawQuery.charAt(i);
            boolean open = c == '(' || c == '%' && rawQuery.startsWith("28", i + 1);
            boolean close = c == ')' || c == '%' && rawQuery.startsWith("29", i + 1);
            if (open && ++depth > MAX_DEPTH) {
                throw SpfException.badRequest("The query nests parentheses more than " + MAX_DEPTH + " levels deep.");
            }
            if (close) {
                depth = Math.max(0, depth - 1);
            }
        }
    }
}
