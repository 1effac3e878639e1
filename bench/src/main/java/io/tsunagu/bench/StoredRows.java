package io.tsunagu.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/** Counts what Tsunagu's storage service has written to PostgreSQL's {@code messages} table. */
final class StoredRows {

    private final Settings.Database database;

    StoredRows(Settings.Database database) {
        this.database = database;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(database.url(), database.user(), database.password());
    }

    /**
     * Rows of the default tenant whose topic starts with {@code prefix}: with the tenant given, the LIKE prefix is a
     * range scan of {@code messages_tenant_topic_seq_idx} instead of a scan of the whole table.
     */
    long count(Connection connection, String prefix) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(
                "SELECT count(*) FROM messages WHERE tenant = 'default' AND topic LIKE ?")) {
            count.setString(1, prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /**
     * Waits until {@code expected} rows under {@code prefix} are stored, or {@code within} passed; returns the
     * nanoTime when the last of them was seen stored (or -1) and the count then.
     */
    Arrival awaitRows(String prefix, long expected, Duration within) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        try (Connection connection = connect()) {
            long stored = 0;
            while (System.nanoTime() < deadline) {
                stored = count(connection, prefix);
                if (stored >= expected) {
                    return new Arrival(stored, System.nanoTime());
                }
                Thread.sleep(100);
            }
            return new Arrival(stored, -1);
        }
    }

    /** How many rows were stored, and when the count was complete (-1: not within the wait). */
    record Arrival(long stored, long completeAtNanos) {
    }
}
