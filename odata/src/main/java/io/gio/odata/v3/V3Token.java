package io.gio.odata.v3;

/** A token of an OData 3 expression or path segment; {@code text} is the exact source text. */
record V3Token(Kind kind, String text, int position) {
    enum Kind {
        WHITESPACE, STRING, TYPED_LITERAL, NUMBER, IDENTIFIER, BARE_GUID, OPEN, CLOSE, COMMA, OTHER
    }

    /** For a typed literal, the prefix before the quote, e.g. {@code guid}. */
    String prefix() {
        return text.substring(0, text.indexOf('\''));
    }

    /** For a typed literal or string, the value between the quotes with {@code ''} unescaped. */
    String value() {
        int open = text.indexOf('\'');
        return text.substring(open + 1, text.length() - 1).replace("''", "'");
    }

    boolean isSignificant() {
        return kind != Kind.WHITESPACE;
    }
}
