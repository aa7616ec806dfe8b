package io.gio.migration;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Creates and upgrades the mig_ tables with a Flyway instance of their own: its own history table,
 * and a baseline at version 0 because other modules' tables share the schema.
 */
final class MigrationSchema {

    private MigrationSchema() {
    }

    static void migrate(DataSource dataSource) {
        Flyway.configure(MigrationSchema.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:io/gio/migration/db")
                .table("mig_schema_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
