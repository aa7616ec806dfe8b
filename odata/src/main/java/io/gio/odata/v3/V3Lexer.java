package io.gio.odata.v3;

import io.gio.odata.v3.V3Token.Kind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Splits an OData 3 expression (or path segment) into tokens. String literals ({@code '...'}
 * with {@code ''} escapes) are single tokens, so nothing inside them is ever rewritten.
 */
final class V3Lexer {
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern NUMBER_BEFORE_EXPONENT_SIGN = Pattern.compile("-?\\d+(\\.\\d*)?[eE]");
    private static final Set<Kind> OPERANDS = EnumSet.of(
            Kind.IDENTIFIER, Kind.NUMBER, Kind.STRING, Kind.TYPED_LITERAL, Kind.CLOSE, Kind.BARE_GUID);

    private V3Lexer() {
    }

    static List<V3Token> tokenize(String s) throws V3SyntaxException {
        List<V3Token> tokens = new ArrayList<>();
        Kind lastSignificant = null;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int start = i;
            Kind kind;
            if (Character.isWhitespace(c)) {
                while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                kind = Kind.WHITESPACE;
            } else if (c == '\'') {
                i = endOfQuoted(s, i);
                kind = Kind.STRING;
            } else if (c == '(' || c == ')' || c == ',') {
                i++;
                kind = c == '(' ? Kind.OPEN : c == ')' ? Kind.CLOSE : Kind.COMMA;
            } else if (isBareGuidAt(s, i)) {
                i += 36;
                kind = Kind.BARE_GUID;
            } else if (Character.isLetter(c) || c == '_' || c == '$') {
                i++;
                while (i < s.length() && isIdentifierPart(s.charAt(i))) {
                    i++;
                }
                if (i < s.length() && s.charAt(i) == '\'') {
                    i = endOfQuoted(s, i);
                    kind = Kind.TYPED_LITERAL;
                } else {
                    kind = Kind.IDENTIFIER;
                }
            } else if (isDigit(c) || c == '-' && i + 1 < s.length() && isDigit(s.charAt(i + 1))
                    && !OPERANDS.contains(lastSignificant)) {
                i = endOfNumberWord(s, i);
                kind = Kind.NUMBER;
            } else {
                i++;
                kind = Kind.OTHER;
            }
            tokens.add(new V3Token(kind, s.substring(start, i), start));
            if (kind != Kind.WHITESPACE) {
                lastSignificant = kind;
            }
        }
        return tokens;
    }

    private static int endOfQuoted(String s, int quote) throws V3SyntaxException {
        int j = quote + 1;
        while (true) {
            if (j >= s.length()) {
                throw new V3SyntaxException("Unterminated literal starting at position " + quote + " in: " + s);
            }
            if (s.charAt(j) == '\'') {
                if (j + 1 < s.length() && s.charAt(j + 1) == '\'') {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            j++;
        }
    }

    /** A number and anything glued to it (suffix, exponent); the translator decides what it is. */
    private static int endOfNumberWord(String s, int start) {
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (isIdentifierPart(c)) {
                i++;
            } else if ((c == '+' || c == '-')
                    && NUMBER_BEFORE_EXPONENT_SIGN.matcher(s.substring(start, i)).matches()) {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    private static boolean isBareGuidAt(String s, int i) {
        return i + 36 <= s.length() && GUID.matcher(s.substring(i, i + 36)).matches()
                && (i + 36 == s.length() || !isIdentifierPart(s.charAt(i + 36)));
    }

    static boolean isGuid(String s) {
        return GUID.matcher(s).matches();
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
