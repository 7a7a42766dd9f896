package io.kboss.server.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The management server's connection pool to MariaDB, the one way it is built (the server, the
 * orchestration tests and the queue benchmark share it).
 *
 * <ul>
 * <li>Timestamps are written and read as UTC whatever the host's zone.</li>
 * <li>READ COMMITTED, as CloudStack runs: under REPEATABLE READ, statements that search a secondary
 * index (a VM's open chain, a backup's volumes, a server's running operations) take gap locks, and
 * concurrent inserts of other VMs' rows into those gaps deadlock; the queue benchmark lost a third of
 * a burst's backups to such deadlocks before this. Nothing in the server relies on repeatable reads
 * except listings that ask for it explicitly (one snapshot for a page and its count). With binary
 * logging on, MariaDB needs {@code binlog_format} ROW or MIXED (MIXED is its default).</li>
 * </ul>
 */
public final class DatabasePool {

    private DatabasePool() {
    }

    /**
     * @param name shown in the pool's log lines and thread names
     * @param size most connections at once
     */
    public static HikariDataSource open(String jdbcUrl, String user, String password, String name, int size) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(jdbcUrl);
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setMaximumPoolSize(size);
        hc.setPoolName(name);
        hc.setConnectionTimeout(10_000);
        hc.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        hc.addDataSourceProperty("connectionTimeZone", "UTC");
        hc.addDataSourceProperty("forceConnectionTimeZoneToSession", "true");
        hc.addDataSourceProperty("cachePrepStmts", "true");
        hc.addDataSourceProperty("useServerPrepStmts", "true");
        // The driver's defaults (25 statements of at most 256 characters per connection) kept few of ours:
        // the queue benchmark saw 83 % of executions prepared anew, a round trip each, many of them inside
        // the claim's lock. 100 per connection stays far below MariaDB's max_prepared_stmt_count (16,382)
        // for several servers' pools.
        hc.addDataSourceProperty("prepStmtCacheSize", "100");
        hc.addDataSourceProperty("prepStmtCacheSqlLimit", "4096");
        return new HikariDataSource(hc);
    }
}
