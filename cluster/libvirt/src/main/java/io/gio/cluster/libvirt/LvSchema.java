package io.gio.cluster.libvirt;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Creates and upgrades the driver's tables ({@code lv_*}) with a Flyway instance of their own:
 * its own history table, and a baseline at version 0 because other modules' tables share the
 * schema.
 */
final class LvSchema {

    private LvSchema() {
    }

    static void migrate(DataSource dataSource) {
        try {
            Flyway.configure(LvSchema.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations("classpath:io/gio/cluster/libvirt/db")
                    .table("lv_schema_history")
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new ClusterException(ClusterErrorCode.FABRIC_FAILURE,
                    "cannot create or upgrade the libvirt driver's tables: " + e.getMessage(), e);
        }
    }
}
