package io.kboss.plugin.backup.kboss.orchestration;

import com.zaxxer.hikari.HikariDataSource;
import io.kboss.db.SchemaUpgrader;
import io.kboss.db.testing.TestDatabase;
import io.kboss.server.api.Caller;
import io.kboss.server.api.Role;
import io.kboss.server.config.DatabasePool;
import io.kboss.test.support.SettableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The orchestration tier's cloud: a migrated schema on the real test MariaDB, a settable clock, the
 * fake agents, and as many management servers ({@link OrchestrationServer}) as a test starts on them.
 * Zones, hosts, VMs and volumes are rows written here, as discovery would write them; offerings and
 * assignments too. Everything that runs work is the product's.
 */
public final class OrchestrationCloud implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    final TestDatabase db;
    public final JdbcTemplate sql;
    final SettableClock clock = new SettableClock(T0);
    final FakeAgents agents = new FakeAgents(clock);
    final Path folder;
    private final HikariDataSource pool;
    private final List<OrchestrationServer> servers = new ArrayList<>();
    private long zoneId;
    private long storeId;
    private long offeringId;

    /** A VM as the tests name it. */
    record Vm(long id, String uuid, String name, long hostId) {
    }

    public OrchestrationCloud(String purpose) throws Exception {
        db = TestDatabase.create(purpose);
        SchemaUpgrader.forUrl(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD, Clock.systemUTC()).upgrade();
        pool = DatabasePool.open(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD, "orchestration-fixtures",
                4);
        sql = new JdbcTemplate(pool);
        folder = Files.createTempDirectory("kboss-orchestration-");
    }

    /** A management server on this cloud's database, named {@code name}, running at most {@code workers}. */
    public OrchestrationServer server(String name, int workers, Class<?>... moreConfigurations) throws Exception {
        OrchestrationServer s = new OrchestrationServer(db, name, Files.createDirectories(folder.resolve(name)),
                clock, agents, workers, moreConfigurations);
        servers.add(s);
        return s;
    }

    /**
     * A management server like {@link #server}, whose connections carry the driver options
     * {@code urlOptions} ("name=value&..."), e.g. a query interceptor that counts statements.
     */
    OrchestrationServer serverWithDriverOptions(String name, int workers, String urlOptions) throws Exception {
        OrchestrationServer s = new OrchestrationServer(db.jdbcUrl() + "&" + urlOptions, name,
                Files.createDirectories(folder.resolve(name)), clock, agents, workers);
        servers.add(s);
        return s;
    }

    /** The admin as the API sees it: a root administrator. */
    Caller admin() {
        return sql.queryForObject("SELECT u.id, u.uuid, u.username, a.id, a.uuid, a.name, d.id, d.uuid, d.path"
                + " FROM `user` u JOIN account a ON a.id = u.account_id JOIN domain d ON d.id = a.domain_id"
                + " WHERE u.username = 'admin'",
                (rs, i) -> new Caller(rs.getLong(1), rs.getString(2),
                        rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6), Role.ROOT_ADMIN,
                        rs.getLong(7), rs.getString(8), rs.getString(9)));
    }

    /**
     * An account named {@code name} with one user of the same name, in the domain {@code path} ("/" for
     * ROOT, "/x/" for a child of ROOT, created if missing), and its caller.
     */
    Caller account(String name, String path, Role role) {
        if (count("SELECT COUNT(*) FROM domain WHERE path = ?", path) == 0) {
            sql.update("INSERT INTO domain (uuid, name, parent_id, path, created) SELECT ?, ?, id, ?,"
                    + " '2026-03-01 08:00:00.000' FROM domain WHERE path = '/'", UUID.randomUUID().toString(),
                    path.substring(1, path.length() - 1), path);
        }
        String account = UUID.randomUUID().toString();
        sql.update("INSERT INTO account (uuid, name, domain_id, role, created) SELECT ?, ?, id, ?,"
                + " '2026-03-01 08:00:00.000' FROM domain WHERE path = ?", account, name, role.name(), path);
        long accountId = count("SELECT id FROM account WHERE uuid = ?", account);
        String user = UUID.randomUUID().toString();
        sql.update("INSERT INTO `user` (uuid, account_id, username, created) VALUES (?, ?, ?,"
                + " '2026-03-01 08:00:00.000')", user, accountId, name);
        long userId = count("SELECT id FROM `user` WHERE uuid = ?", user);
        long domainId = count("SELECT id FROM domain WHERE path = ?", path);
        return new Caller(userId, user, name, accountId, account, name, role, domainId,
                single("SELECT uuid FROM domain WHERE id = ?", domainId), path);
    }

    /** A zone with a Ready image store and a kboss offering allowing user backups and quick restore. */
    void zone(String name) {
        String now = "'2026-03-01 08:00:00.000'";
        sql.update("INSERT INTO zone (uuid, name, created) VALUES (?, ?, " + now + ")", UUID.randomUUID().toString(),
                name);
        zoneId = sql.queryForObject("SELECT id FROM zone WHERE name = ?", Long.class, name);
        sql.update("INSERT INTO image_store (uuid, name, zone_id, protocol, url, path, used_bytes, created)"
                + " VALUES (?, ?, ?, 'file', ?, ?, 0, " + now + ")", UUID.randomUUID().toString(), name + "-store",
                zoneId, "file://" + folder.resolve("store"), folder.resolve("store").toString());
        storeId = sql.queryForObject("SELECT id FROM image_store WHERE zone_id = ?", Long.class, zoneId);
        String offering = UUID.randomUUID().toString();
        sql.update("INSERT INTO backup_offering (uuid, name, description, zone_id, provider, external_id,"
                + " user_driven_backups, created) VALUES (?, ?, ?, ?, 'kboss', ?, 1, " + now + ")", offering,
                name + "-gold", "gold", zoneId, offering);
        offeringId = sql.queryForObject("SELECT id FROM backup_offering WHERE uuid = ?", Long.class, offering);
        sql.update("INSERT INTO backup_offering_details (backup_offering_id, name, value) VALUES (?, ?, 'true')",
                offeringId, "allowquickrestore");
    }

    /** A further offering of the zone with the given details (compress, compressionlibrary, ...). */
    long offering(String name, String... details) {
        String uuid = UUID.randomUUID().toString();
        sql.update("INSERT INTO backup_offering (uuid, name, description, zone_id, provider, external_id,"
                + " user_driven_backups, created) VALUES (?, ?, ?, ?, 'kboss', ?, 1, '2026-03-01 08:00:00.000')", uuid,
                name, name, zoneId, uuid);
        long id = sql.queryForObject("SELECT id FROM backup_offering WHERE uuid = ?", Long.class, uuid);
        for (int i = 0; i < details.length; i += 2) {
            sql.update("INSERT INTO backup_offering_details (backup_offering_id, name, value) VALUES (?, ?, ?)", id,
                    details[i], details[i + 1]);
        }
        return id;
    }

    long zoneId() {
        return zoneId;
    }

    long storeId() {
        return storeId;
    }

    /** An Up host of the zone, in no cluster. */
    long host(String name) {
        sql.update("INSERT INTO host (uuid, name, zone_id, url, address, port, status, missed_pings, status_changed,"
                + " channel_key_sealed, created) VALUES (?, ?, ?, ?, '127.0.0.1', 8250, 'Up', 0,"
                + " '2026-03-01 08:00:00.000', x'00', '2026-03-01 08:00:00.000')", UUID.randomUUID().toString(),
                name, zoneId, "http://" + name + ":8250");
        return sql.queryForObject("SELECT id FROM host WHERE name = ?", Long.class, name);
    }

    /**
     * Another kboss offering of the zone, with {@code details} (backup_offering_details rows as the offering
     * repository writes them, e.g. validate and validationsteps).
     */
    long offering(String name, java.util.Map<String, String> details) {
        String uuid = UUID.randomUUID().toString();
        sql.update("INSERT INTO backup_offering (uuid, name, description, zone_id, provider, external_id,"
                + " user_driven_backups, created) VALUES (?, ?, ?, ?, 'kboss', ?, 1, '2026-03-01 08:00:00.000')", uuid,
                name, name, zoneId, uuid);
        long id = sql.queryForObject("SELECT id FROM backup_offering WHERE uuid = ?", Long.class, uuid);
        details.forEach((k, v) -> sql.update("INSERT INTO backup_offering_details (backup_offering_id, name, value)"
                + " VALUES (?, ?, ?)", id, k, v));
        return id;
    }

    /** A stopped VM on the host with one qcow2 disk, owned by the admin and assigned to the zone's offering. */
    Vm vm(String name, long hostId) {
        return vm(name, hostId, offeringId);
    }

    /** The same, assigned to {@code offering}. */
    Vm vm(String name, long hostId, long offering) {
        String uuid = UUID.randomUUID().toString();
        sql.update("INSERT INTO vm_instance (uuid, name, domain_uuid, account_id, domain_id, zone_id, host_id, state,"
                + " power_state, backup_offering_id, created) SELECT ?, ?, ?, a.id, a.domain_id, ?, ?, 'Stopped',"
                + " 'PowerOff', ?, '2026-03-01 08:00:00.000' FROM account a WHERE a.name = 'admin'", uuid, name,
                UUID.randomUUID().toString(), zoneId, hostId, offering);
        long id = sql.queryForObject("SELECT id FROM vm_instance WHERE uuid = ?", Long.class, uuid);
        sql.update("INSERT INTO volume (uuid, name, vm_id, account_id, domain_id, zone_id, device, device_id,"
                + " volume_type, bus, path, format, virtual_size, storage_kind, state, created)"
                + " SELECT ?, ?, v.id, v.account_id, v.domain_id, v.zone_id, 'vda', 0, 'ROOT', 'virtio', ?, 'qcow2',"
                + " ?, 'FILE', 'Ready', '2026-03-01 08:00:00.000' FROM vm_instance v WHERE v.id = ?",
                UUID.randomUUID().toString(), name + "-root", "/var/lib/kboss-test/" + name + "/root.qcow2",
                16L << 20, id);
        return new Vm(id, uuid, name, hostId);
    }

    /** A global setting, as updateConfiguration stores it. */
    void setting(String name, String value) {
        sql.update("INSERT INTO configuration_value (name, scope, scope_id, value, updated) VALUES (?, 'GLOBAL', 0, ?,"
                + " '2026-03-01 08:00:00.000') ON DUPLICATE KEY UPDATE value = VALUES(value)", name, value);
    }

    /** A zone setting. */
    void zoneSetting(String name, String value) {
        sql.update("INSERT INTO configuration_value (name, scope, scope_id, value, updated) VALUES (?, 'ZONE', ?, ?,"
                + " '2026-03-01 08:00:00.000') ON DUPLICATE KEY UPDATE value = VALUES(value)", name, zoneId, value);
    }

    String single(String query, Object... args) {
        return sql.queryForObject(query, String.class, args);
    }

    /**
     * Runs dispatcher passes on every server at once, each on its own thread, until no operation is queued
     * or running, as servers sharing one database would.
     *
     * @return how many operations the servers claimed in all
     */
    int passUntilDrained(List<OrchestrationServer> servers) throws Exception {
        ExecutorService threads = Executors
                .newFixedThreadPool(servers.size());
        try {
            List<Future<Integer>> claimed = new ArrayList<>();
            for (OrchestrationServer s : servers) {
                claimed.add(threads.submit(() -> {
                    int n = 0;
                    while (count("SELECT COUNT(*) FROM operation WHERE state IN ('QUEUED', 'RUNNING')") > 0) {
                        n += s.pass();
                    }
                    return n;
                }));
            }
            int total = 0;
            for (Future<Integer> f : claimed) {
                total += f.get();
            }
            return total;
        } finally {
            threads.shutdownNow();
        }
    }

    long count(String query, Object... args) {
        return sql.queryForObject(query, Long.class, args);
    }

    @Override
    public void close() throws Exception {
        for (OrchestrationServer s : servers) {
            try {
                s.close();
            } catch (RuntimeException e) {
                // a killed server's stop fails on its closed pool; the test already has what it needs
            }
        }
        pool.close();
        db.close();
        try (var walk = Files.walk(folder)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
