package io.kboss.db.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A throwaway database on the real MariaDB that the test run started (bin/kboss-mariadb).
 *
 * <p>Each instance creates its own uniquely named schema so tests never see each other's rows and
 * can run in any order; {@link #close()} drops it. The server is found from the system property
 * {@code kboss.test.jdbc.url} (set by Surefire from {@code KBOSS_TEST_JDBC_URL}), falling back to
 * the private instance the test command starts on 127.0.0.1:3307.
 */
public final class TestDatabase implements AutoCloseable {
    public static final String USER = "kboss";
    public static final String PASSWORD = "kboss";

    private final String serverUrl;
    private final String name;

    private TestDatabase(String serverUrl, String name) {
        this.serverUrl = serverUrl;
        this.name = name;
    }

    /** Creates an empty schema named after the caller, plus a random suffix. */
    public static TestDatabase create(String purpose) throws SQLException {
        String server = serverUrl();
        String name = ("t_" + purpose.replaceAll("[^A-Za-z0-9]", "_") + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 8)).toLowerCase();
        if (name.length() > 64) {
            name = name.substring(name.length() - 64);
        }
        try (Connection c = DriverManager.getConnection(server, USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
        return new TestDatabase(server, name);
    }

    public static String serverUrl() {
        String url = System.getProperty("kboss.test.jdbc.url");
        if (url == null || url.isBlank() || url.startsWith("${")) {
            url = System.getenv().getOrDefault("KBOSS_TEST_JDBC_URL", "jdbc:mysql://127.0.0.1:3307/");
        }
        return url.endsWith("/") ? url : url + "/";
    }

    public String name() {
        return name;
    }

    /** JDBC URL of this schema, with the options the server itself uses. */
    public String jdbcUrl() {
        return serverUrl + name + "?useSSL=false&allowPublicKeyRetrieval=true&serverTimezone=UTC";
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(serverUrl, USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + name + "`");
        }
    }
}
