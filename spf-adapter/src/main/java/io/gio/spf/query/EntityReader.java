package io.gio.spf.query;

import io.gio.spf.SpfException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.jdbi.v3.core.result.ResultIterator;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.Argument;
import java.util.UUID;
import org.jdbi.v3.core.statement.Query;

/**
 * Runs {@link EntityQuery}s against the store: filters, orders, pages and counts in SQL, streams
 * rows in chunks, and resolves {@code $expand} with one extra query per chunk and navigation.
 * Sets without a mapping hold no entities.
 *
 * <p>A reader is bound to one {@link Scope}: for a subscription, every query it runs (lists, counts,
 * key reads, the parent of a navigation, {@code $expand} targets) keeps to the rows the scope sees
 * ({@link TenantVisibility}), so another tenant's entity reads exactly like a missing one.
 */
public final class EntityReader {

    private static final int CHUNK = 500;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EntityReader.class);

    private final Jdbi jdbi;
    private final Map<String, SetMapping> mappings;
    private final Scope scope;

    public EntityReader(Jdbi jdbi, Map<String, SetMapping> mappings, Scope scope) {
        this(jdbi, Map.copyOf(mappings), scope, true);
    }

    private EntityReader(Jdbi jdbi, Map<String, SetMapping> mappings, Scope scope, boolean copied) {
        this.jdbi = jdbi;
        this.mappings = mappings;
        this.scope = java.util.Objects.requireNonNull(scope, "scope is null");
    }

    /** The same store and mappings, seen through another scope. */
    public EntityReader scoped(Scope other) {
        return new EntityReader(jdbi, mappings, other, true);
    }

    /** The scope this reader keeps to. */
    public Scope scope() {
        return scope;
    }

    /** Whether the set has stored entities at all (sets without meaning on this fabric are empty). */
    public boolean isStored(String entitySet) {
        return mappings.containsKey(entitySet);
    }

    /** Streams every row of the query, in order, to the sink. */
    public void read(EntityQuery q, Consumer<EntityRow> sink) {
        stream(q, it -> {
            it.forEachRemaining(sink);
            return null;
        });
    }

    /**
     * Runs the query and hands its rows, in order, to {@code consumer} as an iterator that reads
     * from the store in chunks while it is consumed; the store handle stays open until the consumer
     * returns. This is how complete result sets of any size are written without holding them.
     */
    public <T> T stream(EntityQuery q, Function<Iterator<EntityRow>, T> consumer) {
        return stream(prepare(q), consumer);
    }

    /**
     * Translates a query into SQL without running it: every error in the query (an unsupported
     * function, a missing parent entity) surfaces here, before a response is committed.
     */
    public PreparedRead prepare(EntityQuery q) {
        SetMapping m = mappings.get(q.entitySet());
        if (m == null) {
            if (q.via().isPresent()) {
                parentValue(q.via().get());
            }
            return new PreparedRead(q, null, null, null);
        }
        return withHandle(h -> {
            SqlFragment where = where(h, m, q);
            SelectList select = SelectList.of(m, q.select(), expandNavs(m, q.expand()));
            SqlFragment sql = new SqlFragment().append("SELECT ").append(select.sql())
                    .append(" FROM ").append(m.table()).append(" t");
            if (!where.isEmpty()) {
                sql.append(" WHERE ").append(where);
            }
            sql.append(" ORDER BY ").append(orderBy(m, q));
            if (q.skip() > 0) {
                sql.append(" OFFSET ").param(q.skip()).append(" ROWS");
            }
            if (q.top().isPresent()) {
                sql.append(" FETCH FIRST ").param(q.top().getAsInt()).append(" ROWS ONLY");
            }
            LOG.debug("{}: {} {}", q.entitySet(), sql.sql(), sql.params());
            if (q.filter().map(EntityReader::computes).orElse(false)) {
                // arithmetic can fail on some row (a division by zero, an overflow): find out now,
                // while an error can still be the response, rather than in the middle of a stream
                SqlFragment probe = new SqlFragment().append("SELECT COUNT(*) FROM ").append(m.table()).append(" t")
                        .append(" WHERE ").append(where);
                bind(h.createQuery(probe.sql()), probe.params()).mapTo(Long.class).one();
            }
            return new PreparedRead(q, m, select, sql);
        });
    }

    /** Whether an expression does arithmetic, which the store may fail to evaluate on some values. */
    private static boolean computes(Expr e) {
        if (e instanceof Expr.Binary b) {
            return switch (b.op()) {
                case ADD, SUB, MUL, DIV, MOD -> true;
                default -> computes(b.left()) || computes(b.right());
            };
        }
        if (e instanceof Expr.Unary u) {
            return u.op() == Expr.UnaryOp.MINUS || computes(u.operand());
        }
        return e instanceof Expr.Call c && c.args().stream().anyMatch(EntityReader::computes);
    }

    /**
     * Runs store work; a value the store cannot compute for the query (SQL state class 22: a
     * division by zero, a number out of range, a bad substring) is the client's error, a 400
     * naming the problem, without the SQL.
     */
    private <T> T withHandle(org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.withHandle(work);
        } catch (org.jdbi.v3.core.JdbiException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
                    throw SpfException.badRequest("The query cannot be evaluated: " + switch (sql.getSQLState()) {
                        case "22012" -> "it divides by zero";
                        case "22003" -> "a computed number is out of range";
                        default -> "a value is out of range or not valid for its function";
                    } + ".");
                }
            }
            throw e;
        }
    }

    /** A query translated into SQL, ready to stream. */
    public static final class PreparedRead {
        private final EntityQuery query;
        private final SetMapping mapping;
        private final SelectList select;
        private final SqlFragment sql;

        private PreparedRead(EntityQuery query, SetMapping mapping, SelectList select, SqlFragment sql) {
            this.query = query;
            this.mapping = mapping;
            this.select = select;
            this.sql = sql;
        }
    }

    /** Runs a prepared query, handing its rows to {@code consumer} while the store handle is open. */
    public <T> T stream(PreparedRead p, Function<Iterator<EntityRow>, T> consumer) {
        if (p.mapping == null) {
            return consumer.apply(Collections.emptyIterator());
        }
        return withHandle(h -> {
            try (ResultIterator<SelectList.Partial> partials = bind(h.createQuery(p.sql.sql()), p.sql.params())
                    .setFetchSize(CHUNK).map((rs, ctx) -> p.select.read(rs)).iterator()) {
                return consumer.apply(new ChunkIterator(h, p.mapping, p.query, partials));
            }
        });
    }

    /** Pulls partial rows a chunk at a time and resolves the chunk's expansions before yielding it. */
    private final class ChunkIterator implements Iterator<EntityRow> {
        private final Handle h;
        private final SetMapping m;
        private final EntityQuery q;
        private final Iterator<SelectList.Partial> partials;
        private final ArrayDeque<EntityRow> ready = new ArrayDeque<>();

        ChunkIterator(Handle h, SetMapping m, EntityQuery q, Iterator<SelectList.Partial> partials) {
            this.h = h;
            this.m = m;
            this.q = q;
            this.partials = partials;
        }

        @Override
        public boolean hasNext() {
            if (ready.isEmpty() && partials.hasNext()) {
                List<SelectList.Partial> chunk = new ArrayList<>(CHUNK);
                while (chunk.size() < CHUNK && partials.hasNext()) {
                    chunk.add(partials.next());
                }
                flush(h, m, q, chunk, ready::add);
            }
            return !ready.isEmpty();
        }

        @Override
        public EntityRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.poll();
        }
    }

    public List<EntityRow> list(EntityQuery q) {
        List<EntityRow> rows = new ArrayList<>();
        read(q, rows::add);
        return rows;
    }

    /** Reads one entity by key; empty when it does not exist. */
    public Optional<EntityRow> one(EntityQuery q) {
        List<EntityRow> rows = list(q.withTop(1));
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** Counts the query's rows, ignoring $top and $skip. */
    public long count(EntityQuery q) {
        SetMapping m = mappings.get(q.entitySet());
        if (m == null) {
            if (q.via().isPresent()) {
                parentValue(q.via().get());
            }
            return 0;
        }
        return withHandle(h -> {
            SqlFragment where = where(h, m, q);
            SqlFragment sql = new SqlFragment().append("SELECT COUNT(*) FROM ").append(m.table()).append(" t");
            if (!where.isEmpty()) {
                sql.append(" WHERE ").append(where);
            }
            return bind(h.createQuery(sql.sql()), sql.params()).mapTo(Long.class).one();
        });
    }

    private void flush(Handle h, SetMapping m, EntityQuery q, List<SelectList.Partial> chunk, Consumer<EntityRow> sink) {
        if (chunk.isEmpty()) {
            return;
        }
        Map<String, Map<Object, List<EntityRow>>> expanded = new HashMap<>();
        for (ExpandItem e : q.expand()) {
            NavMapping nav = m.navigations().get(e.property());
            LinkedHashSet<Object> parents = new LinkedHashSet<>();
            for (SelectList.Partial p : chunk) {
                Object v = p.navValues().get(e.property());
                if (v != null) {
                    parents.add(v);
                }
            }
            expanded.put(e.property(), children(h, nav, e.select(), parents));
        }
        for (SelectList.Partial p : chunk) {
            Map<String, List<EntityRow>> exp = new LinkedHashMap<>();
            for (ExpandItem e : q.expand()) {
                Object v = p.navValues().get(e.property());
                exp.put(e.property(), v == null ? List.of() : expanded.get(e.property()).getOrDefault(v, List.of()));
            }
            sink.accept(new EntityRow(p.values(), exp));
        }
        chunk.clear();
    }

    private Map<Object, List<EntityRow>> children(Handle h, NavMapping nav, List<String> select, LinkedHashSet<Object> parents) {
        Map<Object, List<EntityRow>> out = new HashMap<>();
        SetMapping tm = mappings.get(nav.targetSet());
        if (tm == null || parents.isEmpty()) {
            return out;
        }
        SelectList sl = SelectList.of(tm, select, Map.of());
        SqlFragment sql = new SqlFragment().append("SELECT ").append(sl.sql()).append(", ")
                .append(nav.targetColumn()).append(" AS x_parent FROM ").append(tm.table())
                .append(" t WHERE ").append(nav.targetColumn()).append(" IN (");
        boolean first = true;
        for (Object p : parents) {
            sql.append(first ? "" : ", ").param(p);
            first = false;
        }
        sql.append(")");
        scope.condition(tm).ifPresent(c -> sql.append(" AND (").append(c).append(")"));
        sql.append(" ORDER BY ").append(String.join(", ", tm.keyOrder()));
        int parentIndex = sl.width() + 1;
        bind(h.createQuery(sql.sql()), sql.params()).map((rs, ctx) -> {
            out.computeIfAbsent(rs.getObject(parentIndex), k -> new ArrayList<>()).add(new EntityRow(sl.read(rs).values()));
            return 0;
        }).list();
        return out;
    }

    private SqlFragment where(Handle h, SetMapping m, EntityQuery q) {
        List<SqlFragment> conds = new ArrayList<>();
        for (Map.Entry<String, Object> k : q.key().entrySet()) {
            Field.Column c = m.column(List.of(k.getKey())).orElseThrow(
                    () -> SpfException.badRequest("'" + k.getKey() + "' is not a key property of " + q.entitySet() + "."));
            conds.add(new SqlFragment().append(c.sql()).append(" = ").param(k.getValue()));
        }
        if (q.via().isPresent()) {
            Navigation via = q.via().get();
            NavMapping nav = navigation(via);
            Object parent = parentValue(h, via, nav);
            conds.add(parent == null
                    ? new SqlFragment().append("1 = 0")
                    : new SqlFragment().append(nav.targetColumn()).append(" = ").param(parent));
        }
        q.filter().ifPresent(f -> conds.add(new SqlExprTranslator(m).translate(f)));
        scope.condition(m).ifPresent(conds::add);
        SqlFragment out = new SqlFragment();
        for (int i = 0; i < conds.size(); i++) {
            out.append(i == 0 ? "(" : " AND (").append(conds.get(i)).append(")");
        }
        return out;
    }

    private NavMapping navigation(Navigation via) {
        SetMapping pm = mappings.get(via.parentSet());
        NavMapping nav = pm == null ? null : pm.navigations().get(via.property());
        if (nav == null) {
            throw SpfException.notFound("No " + via.property() + " under " + via.parentSet() + ".");
        }
        return nav;
    }

    private void parentValue(Navigation via) {
        jdbi.useHandle(h -> {
            SetMapping pm = mappings.get(via.parentSet());
            if (pm == null) {
                throw SpfException.notFound("The " + via.parentSet() + " entity was not found.");
            }
            parentValue(h, via, new NavMapping(via.parentSet(), pm.keyOrder().get(0), "t.id", true));
        });
    }

    /** The parent's join value; NOT_FOUND when the parent does not exist. */
    private Object parentValue(Handle h, Navigation via, NavMapping nav) {
        SetMapping pm = mappings.get(via.parentSet());
        SqlFragment sql = new SqlFragment().append("SELECT ").append(nav.parentColumn())
                .append(" AS v, 1 AS present FROM ").append(pm.table()).append(" t WHERE 1 = 1");
        for (Map.Entry<String, Object> k : via.parentKey().entrySet()) {
            Field.Column c = pm.column(List.of(k.getKey())).orElseThrow(
                    () -> SpfException.badRequest("'" + k.getKey() + "' is not a key property of " + via.parentSet() + "."));
            sql.append(" AND ").append(c.sql()).append(" = ").param(k.getValue());
        }
        // A parent the scope does not see is missing: its children are not reachable through it.
        scope.condition(pm).ifPresent(c -> sql.append(" AND (").append(c).append(")"));
        List<Object[]> rows = bind(h.createQuery(sql.sql()), sql.params())
                .map((rs, ctx) -> new Object[] {rs.getObject(1)}).list();
        if (rows.isEmpty()) {
            throw SpfException.notFound("The " + via.parentSet() + " entity with key " + via.parentKey() + " was not found.");
        }
        return rows.get(0)[0];
    }

    private String orderBy(SetMapping m, EntityQuery q) {
        List<String> parts = new ArrayList<>();
        // Columns the filter pins to one value do not change the order; naming them first lets the
        // store walk a (column, ..., key) index in order and stop after one page.
        q.filter().ifPresent(f -> pinnedColumns(m, f, parts));
        for (OrderItem o : q.orderBy()) {
            SqlFragment f = new SqlExprTranslator(m).translate(o.expr());
            if (!f.params().isEmpty()) {
                throw SpfException.badRequest("$orderby expressions may not contain literals.");
            }
            parts.add(f.sql() + (o.descending() ? " DESC" : " ASC"));
        }
        parts.addAll(m.keyOrder());
        return String.join(", ", parts);
    }

    /** Columns that a top-level conjunct {@code Prop eq <non-null literal>} holds constant. */
    private static void pinnedColumns(SetMapping m, Expr e, List<String> out) {
        if (e instanceof Expr.Binary b && b.op() == Expr.BinaryOp.AND) {
            pinnedColumns(m, b.left(), out);
            pinnedColumns(m, b.right(), out);
        } else if (e instanceof Expr.Binary b && b.op() == Expr.BinaryOp.EQ) {
            Expr prop = b.left() instanceof Expr.Prop ? b.left() : b.right();
            Expr lit = prop == b.left() ? b.right() : b.left();
            if (prop instanceof Expr.Prop p && lit instanceof Expr.Literal l && l.value() != null) {
                m.column(p.path()).map(Field.Column::sql).filter(sql -> sql.matches("t\\.[a-z_]+"))
                        .filter(sql -> !out.contains(sql)).ifPresent(out::add);
            }
        }
    }

    private static Map<String, NavMapping> expandNavs(SetMapping m, List<ExpandItem> expand) {
        Map<String, NavMapping> navs = new LinkedHashMap<>();
        for (ExpandItem e : expand) {
            NavMapping nav = m.navigations().get(e.property());
            if (nav == null) {
                throw SpfException.badRequest("'" + e.property() + "' cannot be expanded on " + m.entitySet() + ".");
            }
            navs.put(e.property(), nav);
        }
        return navs;
    }

    private static Query bind(Query query, List<Object> params) {
        for (int i = 0; i < params.size(); i++) {
            Object v = params.get(i);
            if (v instanceof UUID || v instanceof java.time.OffsetDateTime) {
                // Typed binding, so the store compares with the column's own type and can use its index.
                query.bind(i, (Argument) (position, statement, ctx) -> statement.setObject(position, v));
            } else {
                query.bind(i, v);
            }
        }
        return query;
    }

    static Object readColumn(ResultSet rs, int index, ValueType type) throws SQLException {
        return ColumnReader.read(rs, index, type);
    }
}
