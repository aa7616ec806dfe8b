package io.gio.odata.v3;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Percent decoding (path and form styles) and encoding for the URLs handed to Olingo. */
final class UriEncoding {
    /** Characters besides unreserved ones left as they are in a path segment. */
    static final String PATH_SAFE = "!$'()*,;:@=";
    /** Characters besides unreserved ones left as they are in a query option value. */
    static final String QUERY_VALUE_SAFE = "!$'()*,;:@/?=";
    /** Characters besides unreserved ones left as they are in a query option name. */
    static final String QUERY_NAME_SAFE = "!$'()*,;:@/?";

    private UriEncoding() {
    }

    /** Decodes %XX escapes; with {@code plusIsSpace} a '+' becomes a space (form encoding). */
    static String decode(String raw, boolean plusIsSpace) throws V3SyntaxException {
        if (raw.indexOf('%') < 0 && (!plusIsSpace || raw.indexOf('+') < 0)) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (hex(raw, i + 1) < 0 || hex(raw, i + 2) < 0) {
                    throw new V3SyntaxException("Malformed percent-encoding at position " + i + " in '" + raw + "'");
                }
                bytes.write(hex(raw, i + 1) * 16 + hex(raw, i + 2));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
                    utf8 = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(utf8);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Percent-encodes everything except unreserved characters and {@code safe}, as UTF-8. */
    static String encode(String text, String safe) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        for (byte b : utf8) {
            int c = b & 0xff;
            if (c < 0x80 && (isUnreserved((char) c) || safe.indexOf(c) >= 0)) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static boolean isUnreserved(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static int hex(String s, int i) {
        return i < s.length() ? Character.digit(s.charAt(i), 16) : -1;
    }
}
