package io.gio.spf.query;

import static java.util.Objects.requireNonNull;

public record OrderItem(Expr expr, boolean descending) {
    public OrderItem {
        requireNonNull(expr, "expr is null");
    }
}
