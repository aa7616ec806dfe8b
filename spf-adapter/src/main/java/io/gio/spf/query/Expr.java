package io.gio.spf.query;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A query condition or value, independent of any wire format: the OData layer builds it from
 * a parsed {@code $filter} or {@code $orderby}, the store turns it into SQL.
 */
public sealed interface Expr {

    /** A property, or a path into a complex property ({@code Owner/UserName}). */
    record Prop(List<String> path) implements Expr {
        public Prop {
            path = List.copyOf(requireNonNull(path, "path is null"));
            if (path.isEmpty()) {
                throw new IllegalArgumentException("empty property path");
            }
        }

        public static Prop of(String... path) {
            return new Prop(List.of(path));
        }

        public String dotted() {
            return String.join("/", path);
        }
    }

    /** A typed constant ({@code null} for the null literal); types as in {@link EntityRow}. */
    record Literal(Object value) implements Expr {}

    record Binary(BinaryOp op, Expr left, Expr right) implements Expr {
        public Binary {
            requireNonNull(op, "op is null");
            requireNonNull(left, "left is null");
            requireNonNull(right, "right is null");
        }
    }

    record Unary(UnaryOp op, Expr operand) implements Expr {
        public Unary {
            requireNonNull(op, "op is null");
            requireNonNull(operand, "operand is null");
        }
    }

    /** A canonical function call with the OData 4 name, e.g. {@code contains}, {@code tolower}. */
    record Call(String function, List<Expr> args) implements Expr {
        public Call {
            requireNonNull(function, "function is null");
            args = List.copyOf(requireNonNull(args, "args is null"));
        }
    }

    enum BinaryOp { EQ, NE, GT, GE, LT, LE, AND, OR, ADD, SUB, MUL, DIV, MOD }

    enum UnaryOp { NOT, MINUS }
}
