package io.gio.spf.query;

import io.gio.spf.SpfErrorCode;
import io.gio.spf.SpfException;
import java.util.List;
import java.util.Locale;

/**
 * Turns an {@link Expr} into SQL over one {@link SetMapping} (alias {@code t}). Properties the
 * mapping does not store are SQL NULL, which is what their value is. The SQL is portable between
 * H2 and PostgreSQL.
 */
final class SqlExprTranslator {

    private final SetMapping mapping;

    SqlExprTranslator(SetMapping mapping) {
        this.mapping = mapping;
    }

    SqlFragment translate(Expr expr) {
        SqlFragment out = new SqlFragment();
        write(expr, out);
        return out;
    }

    private void write(Expr expr, SqlFragment out) {
        if (expr instanceof Expr.Prop p) {
            out.append(mapping.column(p.path()).map(Field.Column::sql).orElse("NULL"));
        } else if (expr instanceof Expr.Literal l) {
            writeLiteral(l.value(), out);
        } else if (expr instanceof Expr.Unary u) {
            writeUnary(u, out);
        } else if (expr instanceof Expr.Binary b) {
            writeBinary(b, out);
        } else {
            writeCall((Expr.Call) expr, out);
        }
    }

    private static void writeLiteral(Object value, SqlFragment out) {
        if (value == null) {
            out.append("NULL");
        } else if (value instanceof Boolean b) {
            out.append(b ? "TRUE" : "FALSE");
        } else if (value instanceof java.time.Instant i) {
            out.param(java.time.OffsetDateTime.ofInstant(i, java.time.ZoneOffset.UTC));
        } else {
            out.param(value);
        }
    }

    private void writeUnary(Expr.Unary u, SqlFragment out) {
        out.append(u.op() == Expr.UnaryOp.NOT ? "(NOT " : "(-");
        write(u.operand(), out);
        out.append(")");
    }

    private void writeBinary(Expr.Binary b, SqlFragment out) {
        boolean leftNull = b.left() instanceof Expr.Literal l && l.value() == null;
        boolean rightNull = b.right() instanceof Expr.Literal r && r.value() == null;
        if ((b.op() == Expr.BinaryOp.EQ || b.op() == Expr.BinaryOp.NE) && (leftNull || rightNull)) {
            Expr other = leftNull ? b.right() : b.left();
            out.append("(");
            write(other, out);
            out.append(b.op() == Expr.BinaryOp.EQ ? " IS NULL)" : " IS NOT NULL)");
            return;
        }
        String op = switch (b.op()) {
            case EQ -> " = ";
            case NE -> " <> ";
            case GT -> " > ";
            case GE -> " >= ";
            case LT -> " < ";
            case LE -> " <= ";
            case AND -> " AND ";
            case OR -> " OR ";
            case ADD -> " + ";
            case SUB -> " - ";
            case MUL -> " * ";
            case DIV -> " / ";
            case MOD -> null;
        };
        if (op == null) {
            out.append("MOD(");
            write(b.left(), out);
            out.append(", ");
            write(b.right(), out);
            out.append(")");
            return;
        }
        out.append("(");
        write(b.left(), out);
        out.append(op);
        write(b.right(), out);
        out.append(")");
    }

    private void writeCall(Expr.Call c, SqlFragment out) {
        List<Expr> a = c.args();
        String fn = c.function().toLowerCase(Locale.ROOT);
        switch (fn) {
            case "contains" -> like(a, 2, "%", "%", out);
            case "startswith" -> like(a, 2, "", "%", out);
            case "endswith" -> like(a, 2, "%", "", out);
            case "tolower" -> fn1("LOWER", a, out);
            case "toupper" -> fn1("UPPER", a, out);
            case "trim" -> fn1("TRIM", a, out);
            case "length" -> fn1("CHAR_LENGTH", a, out);
            case "round" -> fn1("ROUND", a, out);
            case "floor" -> fn1("FLOOR", a, out);
            case "ceiling" -> fn1("CEILING", a, out);
            case "year", "month", "day", "hour", "minute", "second" -> {
                arity(a, 1, fn);
                out.append("EXTRACT(" + fn.toUpperCase(Locale.ROOT) + " FROM ");
                write(a.get(0), out);
                out.append(")");
            }
            case "concat" -> {
                arity(a, 2, fn);
                out.append("(");
                write(a.get(0), out);
                out.append(" || ");
                write(a.get(1), out);
                out.append(")");
            }
            case "indexof" -> {
                arity(a, 2, fn);
                out.append("(POSITION(");
                write(a.get(1), out);
                out.append(" IN ");
                write(a.get(0), out);
                out.append(") - 1)");
            }
            case "substring" -> {
                if (a.size() != 2 && a.size() != 3) {
                    throw unsupported("substring takes 2 or 3 arguments");
                }
                out.append("SUBSTRING(");
                write(a.get(0), out);
                out.append(" FROM (");
                write(a.get(1), out);
                out.append(") + 1");
                if (a.size() == 3) {
                    out.append(" FOR ");
                    write(a.get(2), out);
                }
                out.append(")");
            }
            default -> throw unsupported("The function '" + c.function() + "' is not supported in $filter.");
        }
    }

    private void like(List<Expr> a, int n, String prefix, String suffix, SqlFragment out) {
        arity(a, n, "string match");
        if (a.get(1) instanceof Expr.Literal l && l.value() instanceof String s) {
            out.append("(");
            write(a.get(0), out);
            out.append(" LIKE ");
            out.param(prefix + escapeLike(s) + suffix);
            out.append(" ESCAPE '!')");
            return;
        }
        // General form: compare by position, so that both operands may be expressions.
        out.append("(");
        if (prefix.isEmpty()) {
            out.append("POSITION(");
            write(a.get(1), out);
            out.append(" IN ");
            write(a.get(0), out);
            out.append(") = 1");
        } else if (suffix.isEmpty()) {
            out.append("RIGHT(");
            write(a.get(0), out);
            out.append(", CHAR_LENGTH(");
            write(a.get(1), out);
            out.append(")) = ");
            write(a.get(1), out);
        } else {
            out.append("POSITION(");
            write(a.get(1), out);
            out.append(" IN ");
            write(a.get(0), out);
            out.append(") > 0");
        }
        out.append(")");
    }

    private void fn1(String sqlName, List<Expr> a, SqlFragment out) {
        arity(a, 1, sqlName.toLowerCase(Locale.ROOT));
        out.append(sqlName + "(");
        write(a.get(0), out);
        out.append(")");
    }

    private static void arity(List<Expr> a, int n, String fn) {
        if (a.size() != n) {
            throw unsupported("The function '" + fn + "' takes " + n + " argument(s), got " + a.size() + ".");
        }
    }

    /** Escapes LIKE wildcards with '!' (a backslash would confuse SQL parsers that treat it as a quote escape). */
    static String escapeLike(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static SpfException unsupported(String message) {
        return new SpfException(SpfErrorCode.BAD_REQUEST, message);
    }
}
