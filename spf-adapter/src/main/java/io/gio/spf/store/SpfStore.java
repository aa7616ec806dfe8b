package io.gio.spf.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/** The adapter's relational store: its schema (versioned with Flyway) and its JDBI handle. */
public final class SpfStore {

    private final Jdbi jdbi;

    private SpfStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Brings the adapter's schema up to date and opens the store. */
    public static SpfStore open(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:io/gio/spf/db")
                .table("spf_schema_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        return new SpfStore(Jdbi.create(dataSource));
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** How instants are bound: as UTC offset date-times, portable across H2 and PostgreSQL. */
    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
