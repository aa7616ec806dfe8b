package io.gio.odata.v3;

import io.gio.odata.v3.V3Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates an OData 3 expression ({@code $filter}, {@code $orderby}, a key predicate) into
 * OData 4: typed literals, number suffixes, {@code substringof(a,b)} to {@code contains(b,a)} and
 * {@code not(x)} to {@code not (x)}.
 * Everything else is copied unchanged, including whitespace.
 */
final class V3ExpressionTranslator {
    private V3ExpressionTranslator() {
    }

    static String translate(String expression) throws V3SyntaxException {
        return translate(V3Lexer.tokenize(expression), expression);
    }

    static String translate(List<V3Token> tokens, String source) throws V3SyntaxException {
        checkBalanced(tokens, source);
        StringBuilder out = new StringBuilder(source.length() + 16);
        emit(tokens, 0, tokens.size(), out, source);
        return out.toString();
    }

    private static void emit(List<V3Token> tokens, int from, int to, StringBuilder out, String source)
            throws V3SyntaxException {
        for (int i = from; i < to; i++) {
            V3Token token = tokens.get(i);
            switch (token.kind()) {
                case TYPED_LITERAL -> out.append(V3Literals.typed(token));
                case NUMBER -> out.append(V3Literals.number(token.text()));
                case IDENTIFIER -> {
                    int open = nextSignificant(tokens, i + 1, to);
                    if (token.text().equals("substringof") && open < to && tokens.get(open).kind() == Kind.OPEN) {
                        i = emitSubstringOf(tokens, open, out, source);
                    } else if (token.text().equals("not") && i + 1 < to && tokens.get(i + 1).kind() == Kind.OPEN) {
                        // WCF Data Services reads not(...) as the operator; Olingo would look for a function
                        out.append("not ");
                    } else {
                        out.append(token.text());
                    }
                }
                default -> out.append(token.text());
            }
        }
    }

    /** Writes {@code contains(b,a)} for {@code substringof(a,b)}; returns the index of its ')'. */
    private static int emitSubstringOf(List<V3Token> tokens, int open, StringBuilder out, String source)
            throws V3SyntaxException {
        int close = matchingClose(tokens, open);
        List<int[]> args = new ArrayList<>();
        int depth = 0;
        int argStart = open + 1;
        for (int i = open + 1; i < close; i++) {
            Kind kind = tokens.get(i).kind();
            if (kind == Kind.OPEN) {
                depth++;
            } else if (kind == Kind.CLOSE) {
                depth--;
            } else if (kind == Kind.COMMA && depth == 0) {
                args.add(new int[] {argStart, i});
                argStart = i + 1;
            }
        }
        args.add(new int[] {argStart, close});
        if (args.size() != 2 || args.stream().anyMatch(a -> nextSignificant(tokens, a[0], a[1]) == a[1])) {
            throw new V3SyntaxException("substringof at position " + tokens.get(open).position()
                    + " needs exactly two arguments in: " + source);
        }
        out.append("contains(");
        emitTrimmed(tokens, args.get(1), out, source);
        out.append(',');
        emitTrimmed(tokens, args.get(0), out, source);
        out.append(')');
        return close;
    }

    private static void emitTrimmed(List<V3Token> tokens, int[] range, StringBuilder out, String source)
            throws V3SyntaxException {
        int from = range[0];
        int to = range[1];
        while (from < to && !tokens.get(from).isSignificant()) {
            from++;
        }
        while (to > from && !tokens.get(to - 1).isSignificant()) {
            to--;
        }
        emit(tokens, from, to, out, source);
    }

    private static int nextSignificant(List<V3Token> tokens, int from, int to) {
        int i = from;
        while (i < to && !tokens.get(i).isSignificant()) {
            i++;
        }
        return i;
    }

    private static int matchingClose(List<V3Token> tokens, int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            Kind kind = tokens.get(i).kind();
            if (kind == Kind.OPEN) {
                depth++;
            } else if (kind == Kind.CLOSE && --depth == 0) {
                return i;
            }
        }
        throw new IllegalStateException("unbalanced parentheses passed the balance check");
    }

    static void checkBalanced(List<V3Token> tokens, String source) throws V3SyntaxException {
        int depth = 0;
        for (V3Token token : tokens) {
            if (token.kind() == Kind.OPEN) {
                depth++;
            } else if (token.kind() == Kind.CLOSE && --depth < 0) {
                throw new V3SyntaxException("Unbalanced parentheses: unexpected ')' at position "
                        + token.position() + " in: " + source);
            }
        }
        if (depth > 0) {
            throw new V3SyntaxException("Unbalanced parentheses: " + depth + " '(' not closed in: " + source);
        }
    }
}
