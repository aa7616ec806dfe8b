package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and upgrades the sim tables with a Flyway instance of their own: its own history table,
 * and a baseline at version 0 because other modules' tables share the schema.
 */
final class SimSchema {

    private static final Logger LOG = LoggerFactory.getLogger(SimSchema.class);

    private SimSchema() {
    }

    static void migrate(DataSource dataSource) {
        try {
            Flyway.configure(SimSchema.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations("classpath:io/gio/cluster/sim/db")
                    .table("sim_schema_history")
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            LOG.error("cannot create or upgrade the simulated fabric's tables", e);
            throw new ClusterException(ClusterErrorCode.FABRIC_FAILURE,
                    "cannot create or upgrade the simulated fabric's tables: " + e.getMessage(), e);
        }
    }
}
