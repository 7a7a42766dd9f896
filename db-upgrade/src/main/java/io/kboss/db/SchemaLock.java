package io.kboss.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The named server lock ({@code GET_LOCK}) that lets only one process upgrade a database at a time.
 *
 * <p>The lock belongs to the connection's session: it is released by {@link #close()} or, if the
 * process dies, by the server when the connection drops, so a crashed upgrader never leaves the
 * database locked. Every statement of the upgrade must therefore run on the same connection.
 */
final class SchemaLock implements AutoCloseable {
    private final Connection connection;
    private final String name;

    private SchemaLock(Connection connection, String name) {
        this.connection = connection;
        this.name = name;
    }

    /** Waits at most {@code wait} for the lock of the connection's current database. */
    static SchemaLock acquire(Connection connection, String database, Duration wait) throws SQLException {
        String name = lockName(database);
        long seconds = Math.max(0, (wait.toMillis() + 999) / 1000);
        try (PreparedStatement ps = connection.prepareStatement("SELECT GET_LOCK(?, ?)")) {
            ps.setString(1, name);
            ps.setLong(2, seconds);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                int got = rs.getInt(1);
                if (rs.wasNull() || got != 1) {
                    throw new SchemaUpgradeException(SchemaUpgradeException.Kind.LOCK_NOT_OBTAINED,
                            "Could not obtain the schema upgrade lock '" + name + "' within " + seconds + " s: "
                                    + "another KBOSS server or kboss-db-upgrade (connection " + holder(connection, name)
                                    + ") is upgrading database '" + database + "'. Wait for it to finish, or stop "
                                    + "it, then start again.");
                }
            }
        }
        return new SchemaLock(connection, name);
    }

    /** Lock names are server-wide and at most 64 characters: one lock per database. */
    static String lockName(String database) {
        String readable = "kboss_schema_upgrade." + database;
        return readable.length() <= 64
                ? readable
                : "kboss_schema_upgrade." + Checksums.sha256(database).substring(0, 40);
    }

    private static String holder(Connection connection, String name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT IS_USED_LOCK(?)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String id = rs.getString(1);
                return id == null ? "unknown, since gone" : "id " + id;
            }
        }
    }

    @Override
    public void close() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
            ps.setString(1, name);
            ps.executeQuery().close();
        }
    }
}
