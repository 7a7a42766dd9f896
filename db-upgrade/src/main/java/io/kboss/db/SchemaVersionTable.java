package io.kboss.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The upgrader's own record of what ran: table {@code kboss_schema_version}. */
final class SchemaVersionTable {
    static final String NAME = "kboss_schema_version";

    private static final String CREATE = "CREATE TABLE IF NOT EXISTS " + NAME + " ("
            + " version INT NOT NULL PRIMARY KEY,"
            + " description VARCHAR(255) NOT NULL,"
            + " checksum CHAR(64) NOT NULL,"
            + " applied_at DATETIME(3) NOT NULL COMMENT 'UTC',"
            + " execution_ms BIGINT NOT NULL,"
            + " success BOOLEAN NOT NULL,"
            + " error TEXT NULL"
            + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";

    private SchemaVersionTable() {
    }

    static boolean exists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM information_schema.tables"
                + " WHERE table_schema = DATABASE() AND table_name = ?")) {
            ps.setString(1, NAME);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    /** Names of the tables in the current database other than this one. */
    static List<String> otherTables(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = DATABASE() AND table_name <> ? ORDER BY table_name")) {
            ps.setString(1, NAME);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(CREATE);
        }
    }

    /** All rows in version order; empty when the table does not exist. */
    static List<AppliedVersion> read(Connection c) throws SQLException {
        List<AppliedVersion> rows = new ArrayList<>();
        if (!exists(c)) {
            return rows;
        }
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version, description, checksum, applied_at, execution_ms,"
                        + " success, error FROM " + NAME + " ORDER BY version")) {
            while (rs.next()) {
                rows.add(new AppliedVersion(rs.getInt(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, LocalDateTime.class).toInstant(ZoneOffset.UTC), rs.getLong(5),
                        rs.getBoolean(6), rs.getString(7)));
            }
        }
        return rows;
    }

    static void record(Connection c, Migration m, Instant appliedAt, long executionMs, String error)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + NAME
                + " (version, description, checksum, applied_at, execution_ms, success, error)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setInt(1, m.version());
            ps.setString(2, m.description());
            ps.setString(3, m.checksum());
            ps.setString(4, DatabaseTime.format(appliedAt));
            ps.setLong(5, executionMs);
            ps.setBoolean(6, error == null);
            ps.setString(7, error);
            ps.executeUpdate();
        }
    }
}
