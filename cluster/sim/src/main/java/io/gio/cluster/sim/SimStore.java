package io.gio.cluster.sim;

import io.gio.cluster.spi.ClusterErrorCode;
import io.gio.cluster.spi.ClusterException;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sim tables in the gateway's store. The one place where SQL failures become
 * {@link ClusterException}s with {@link ClusterErrorCode#FABRIC_FAILURE}, logged once here.
 */
final class SimStore {

    /** Work on a handle that may throw only unchecked exceptions. */
    @FunctionalInterface
    interface Work<T> {
        T on(Handle handle);
    }

    private static final Logger LOG = LoggerFactory.getLogger(SimStore.class);
    private static final String UNIQUE_VIOLATION = "23505";

    private final Jdbi jdbi;

    SimStore(DataSource dataSource) {
        this.jdbi = Jdbi.create(dataSource);
    }

    /** Runs read-only work on a connection of its own. */
    <T> T read(Work<T> work) {
        try {
            return jdbi.withHandle(work::on);
        } catch (JdbiException e) {
            throw translate(e);
        }
    }

    /** Runs work in one transaction, rolled back when it throws. */
    <T> T write(Work<T> work) {
        try {
            return jdbi.inTransaction(work::on);
        } catch (JdbiException e) {
            throw translate(e);
        }
    }

    /** Whether a failure came from a duplicate primary or unique key (a lost race, not a fault). */
    static boolean isDuplicateKey(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static ClusterException translate(JdbiException e) {
        if (isDuplicateKey(e)) {
            LOG.debug("duplicate key in the simulated fabric's store", e);
        } else {
            LOG.warn("the simulated fabric's store failed", e);
        }
        return new ClusterException(ClusterErrorCode.FABRIC_FAILURE,
                "the simulated fabric's store failed; try again later", e);
    }
}
