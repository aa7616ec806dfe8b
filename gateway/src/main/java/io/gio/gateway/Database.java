package io.gio.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.jdbcx.JdbcConnectionPool;

/** The embedded store: an H2 database file in the data directory, behind a connection pool. */
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
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("gio") + ";DB_CLOSE_ON_EXIT=FALSE";
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
