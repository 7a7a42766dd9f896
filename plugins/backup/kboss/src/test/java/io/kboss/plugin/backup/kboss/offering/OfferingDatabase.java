package io.kboss.plugin.backup.kboss.offering;

import com.zaxxer.hikari.HikariDataSource;
import io.kboss.db.SchemaUpgrader;
import io.kboss.db.testing.TestDatabase;
import io.kboss.plugin.backup.kboss.KbossBackupProvider;
import io.kboss.plugin.backup.kboss.domain.offering.OfferingRules;
import io.kboss.plugin.backup.kboss.offering.jdbc.JdbcBackupOfferingRepository;
import io.kboss.plugin.backup.kboss.offering.jdbc.JdbcOfferingReferences;
import io.kboss.plugin.backup.kboss.offering.jdbc.InventoryAssignedVms;
import io.kboss.server.backup.BackupProvider;
import io.kboss.server.backup.jdbc.JdbcDirectory;
import io.kboss.server.backup.jdbc.JdbcVmInventory;
import io.kboss.server.backup.BackupProviderRegistry;
import io.kboss.server.settings.SettingValueRepository;
import io.kboss.server.settings.Settings;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A migrated throwaway schema on the test MariaDB with the offering service wired as the plugin
 * configuration wires it: real settings resolution, real provider registry, real transactions.
 * A second provider, "nas", is registered so a zone can name a provider other than kboss.
 */
final class OfferingDatabase implements AutoCloseable {
    final TestDatabase db;
    private final HikariDataSource pool;
    final JdbcTemplate jdbc;
    final BackupOfferingService service;
    final AtomicLong seconds = new AtomicLong();
    private final OfferingRules rules;
    private final Clock clock;

    OfferingDatabase(String purpose) throws Exception {
        db = TestDatabase.create(purpose);
        pool = pool(db);
        SchemaUpgrader.forUrl(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD, Clock.systemUTC()).upgrade();
        jdbc = new JdbcTemplate(pool);
        // Each reading of the clock is one second later, so creation order is visible in "created".
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.parse("2026-01-01T00:00:00Z").plusSeconds(seconds.incrementAndGet());
            }
        };
        Settings settings = new Settings(new SettingValueRepository(jdbc, clock));
        BackupProvider nas = new BackupProvider() {
            @Override
            public String name() {
                return "nas";
            }

            @Override
            public String description() {
                return "a second provider, so a zone can use another one than kboss";
            }
        };
        BackupProvider kboss = new BackupProvider() {
            @Override
            public String name() {
                return KbossBackupProvider.NAME;
            }

            @Override
            public String description() {
                return "the provider whose offerings these are";
            }
        };
        BackupProviderRegistry providers = new BackupProviderRegistry(List.of(kboss, nas), settings,
                new JdbcDirectory(jdbc));
        JdbcBackupOfferingRepository repository = new JdbcBackupOfferingRepository(jdbc, new JdbcDirectory(jdbc));
        OfferingRules rules = new OfferingRules(new JdbcOfferingReferences(new JdbcDirectory(jdbc),
                new RegistryZoneBackupSettings(settings, providers), repository));
        this.rules = rules;
        this.clock = clock;
        service = new BackupOfferingService(repository, rules, new InventoryAssignedVms(new JdbcVmInventory(jdbc)),
                new TransactionTemplate(new DataSourceTransactionManager(pool)), clock,
                () -> UUID.randomUUID().toString());
    }

    /** The offering service as another management server on the same database has it: its own memory. */
    BackupOfferingService anotherServer() {
        return new BackupOfferingService(new JdbcBackupOfferingRepository(jdbc, new JdbcDirectory(jdbc)), rules,
                new InventoryAssignedVms(new JdbcVmInventory(jdbc)),
                new TransactionTemplate(new DataSourceTransactionManager(pool)), clock,
                () -> UUID.randomUUID().toString());
    }

    /** A small pool: a new connection per statement costs more than the statements themselves. */
    static HikariDataSource pool(TestDatabase db) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(db.jdbcUrl());
        ds.setUsername(TestDatabase.USER);
        ds.setPassword(TestDatabase.PASSWORD);
        ds.setMaximumPoolSize(6);
        ds.setPoolName("offering-test");
        return ds;
    }

    String zone(String name) {
        String uuid = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO zone (uuid, name, created) VALUES (?, ?, NOW(3))", uuid, name);
        return uuid;
    }

    long zoneId(String uuid) {
        return jdbc.queryForObject("SELECT id FROM zone WHERE uuid = ?", Long.class, uuid);
    }

    void zoneSetting(String zoneUuid, String name, String value) {
        jdbc.update(
                "INSERT INTO configuration_value (name, scope, scope_id, value, updated) VALUES (?, 'ZONE', ?, ?, NOW(3))",
                name, zoneId(zoneUuid), value);
    }

    /** A domain under the given parent path ("/" for ROOT's children); returns its uuid. */
    String domain(String name, String path) {
        String uuid = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO domain (uuid, name, path, created) VALUES (?, ?, ?, NOW(3))", uuid, name, path);
        return uuid;
    }

    /** Row counts of both offering tables, to show a refused call changed nothing. */
    String tableState() {
        return jdbc.queryForObject("SELECT CONCAT((SELECT COUNT(*) FROM backup_offering), '/',"
                + " (SELECT COUNT(*) FROM backup_offering_details), '/',"
                + " COALESCE((SELECT GROUP_CONCAT(CONCAT(name, ':', description, ':', COALESCE(removed, '-')) ORDER BY id)"
                + " FROM backup_offering), ''), '/',"
                + " COALESCE((SELECT GROUP_CONCAT(CONCAT(name, '=', value) ORDER BY id) FROM backup_offering_details), ''))",
                String.class);
    }

    @Override
    public void close() throws Exception {
        pool.close();
        db.close();
    }
}
