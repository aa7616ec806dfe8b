package io.gio.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

    /**
     * A commit is in the file when it returns: {@code SHUTDOWN IMMEDIATELY} closes the store
     * without writing what it still holds in memory, as a kill -9 does. With H2's default write
     * delay the row committed just before was lost (MigrationRestartIT: a migration acknowledged
     * with 201 was gone after the restart).
     */
    @Test
    void aCommitSurvivesAKillRightAfterIt(@TempDir Path dir) throws Exception {
        try (Database db = Database.open(dir); Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE acknowledged (id INT PRIMARY KEY)");
        } // closed cleanly: the table is in the file whatever the setting
        try (Database db = Database.open(dir); Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO acknowledged VALUES (1)");
            try {
                s.execute("SHUTDOWN IMMEDIATELY");
            } catch (SQLException closing) {
                // the connection goes with the database
            }
        }
        try (Database db = Database.open(dir); Connection c = db.dataSource().getConnection();
                ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM acknowledged")) {
            r.next();
            assertEquals(1, r.getInt(1), "the row committed right before the kill");
        }
    }
}
