package io.gio.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The embedded store: an H2 database file in the data directory, behind a connection pool.
 *
 * <p>{@code WRITE_DELAY=0}: H2 writes a commit to the file before the commit returns. By default
 * it keeps commits in memory for up to half a second, so a gateway killed (kill -9, a crash, the
 * OOM killer) lost what it had just acknowledged: a migration answered with 201, a job, a step a
 * migration stored before its side effect. The file is not fsynced: a commit survives the process,
 * not a power failure.
 */
final class Database implements AutoCloseable {

    private final JdbcConnectionPool pool;

    private Database(JdbcConnectionPool pool) {
        this.pool = pool;
    }

    static Database open(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot create the data directory " + dataDir + ": " + e.getMessage(), e);
        }
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("gio") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "gio", "");
        pool.setMaxConnections(32);
        return new Database(pool);
    }

    JdbcConnectionPool dataSource() {
        return pool;
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
