package io.kboss.test.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Fills a freshly upgraded database with the rows the benchmark lists, straight in SQL (creating
 * 10,000 offerings through the API would measure the create path, and take minutes):
 * zones with one cluster each, user accounts in the ROOT domain, {@value #OFFERINGS} backup
 * offerings with the kboss details the offering repository writes, and {@value #SETTING_VALUES}
 * rows in {@code configuration_value} spread over zone, cluster, account and global scope.
 *
 * <p>Setting values are valid for their definitions (the definitions come from the server's own
 * {@code listConfigurations}): the default text, or for a boolean its opposite on every other
 * row, so a read can be told apart from the default. A value the server cannot parse would make
 * it log a warning on every read and measure the logger instead.
 */
final class BenchmarkData {
    static final int OFFERINGS = 10_000;
    static final int SETTING_VALUES = 10_000;
    static final int ZONES = 100;
    static final int ACCOUNTS = 2_000;
    private static final int BATCH = 1_000;

    private final Clock clock;

    /** What was created, for the load scenarios to pick filters from. */
    record Seeded(List<String> zoneUuids, List<String> clusterUuids, List<String> accountUuids, int offerings,
            int settingValues, int offeringDetails, String sampleZoneUuid, String sampleSettingName,
            String sampleSettingValue) {
    }

    /** One setting definition as listConfigurations describes it. */
    record Definition(String name, String scope, String type, String defaultValue) {
        static Definition of(JsonObject c) {
            JsonElement d = c.get("defaultvalue");
            return new Definition(c.get("name").getAsString(), c.get("scope").getAsString(),
                    c.get("type").getAsString(), d == null || d.isJsonNull() ? "" : d.getAsString());
        }

        String valueFor(int row) {
            if (type.equals("Boolean") && row % 2 == 1) {
                return Boolean.toString(!Boolean.parseBoolean(defaultValue));
            }
            return defaultValue;
        }
    }

    BenchmarkData(Clock clock) {
        this.clock = clock;
    }

    Seeded seed(Connection c, List<Definition> definitions) throws SQLException {
        c.setAutoCommit(false);
        long rootDomain = rootDomainId(c);
        Instant now = clock.instant();
        List<Long> zoneIds = new ArrayList<>();
        List<String> zoneUuids = new ArrayList<>();
        insertZones(c, now, zoneIds, zoneUuids);
        List<Long> clusterIds = new ArrayList<>();
        List<String> clusterUuids = new ArrayList<>();
        insertClusters(c, zoneIds, clusterIds, clusterUuids);
        List<Long> accountIds = new ArrayList<>();
        List<String> accountUuids = new ArrayList<>();
        insertAccounts(c, rootDomain, now, accountIds, accountUuids);
        int details = insertOfferings(c, rootDomain, zoneIds, now);
        SettingRow sample = insertSettingValues(c, definitions, zoneIds, clusterIds, accountIds, now);
        c.commit();
        analyze(c);
        String sampleZone = zoneUuids.get(zoneIds.indexOf(sample.scopeId()));
        return new Seeded(List.copyOf(zoneUuids), List.copyOf(clusterUuids), List.copyOf(accountUuids), OFFERINGS,
                SETTING_VALUES, details, sampleZone, sample.name(), sample.value());
    }

    /**
     * Fresh index statistics, as a database that has lived with its rows has: InnoDB recomputes
     * them in the background some time after bulk inserts, and until then the optimizer may pick
     * other plans. Without this, a run would measure whichever plan the moment happened to give.
     */
    private static void analyze(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ANALYZE TABLE zone, cluster, account, domain, `user`, backup_offering, backup_offering_details,"
                    + " configuration_value");
        }
    }

    private static long rootDomainId(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM domain WHERE path = '/'")) {
            if (!rs.next()) {
                throw new IllegalStateException("The database has no ROOT domain: the server did not finish its first "
                        + "start (AdminBootstrap); look at the server log");
            }
            return rs.getLong(1);
        }
    }

    private static void insertZones(Connection c, Instant now, List<Long> ids, List<String> uuids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO zone (uuid, name, description, created)"
                + " VALUES (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            for (int i = 0; i < ZONES; i++) {
                String uuid = UUID.randomUUID().toString();
                ps.setString(1, uuid);
                ps.setString(2, String.format("bench-zone-%03d", i));
                ps.setString(3, "benchmark zone " + i);
                ps.setObject(4, utc(now));
                ps.addBatch();
                uuids.add(uuid);
            }
            ps.executeBatch();
            collectKeys(ps, ids);
        }
    }

    private static void insertClusters(Connection c, List<Long> zoneIds, List<Long> ids, List<String> uuids)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO cluster (uuid, zone_id, name) VALUES (?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            for (int i = 0; i < zoneIds.size(); i++) {
                String uuid = UUID.randomUUID().toString();
                ps.setString(1, uuid);
                ps.setLong(2, zoneIds.get(i));
                ps.setString(3, "bench-cluster-" + i);
                ps.addBatch();
                uuids.add(uuid);
            }
            ps.executeBatch();
            collectKeys(ps, ids);
        }
    }

    private static void insertAccounts(Connection c, long domain, Instant now, List<Long> ids, List<String> uuids)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO account (uuid, name, domain_id, role, created)"
                + " VALUES (?, ?, ?, 'USER', ?)", Statement.RETURN_GENERATED_KEYS)) {
            for (int i = 0; i < ACCOUNTS; i++) {
                String uuid = UUID.randomUUID().toString();
                ps.setString(1, uuid);
                ps.setString(2, String.format("bench-account-%04d", i));
                ps.setLong(3, domain);
                ps.setObject(4, utc(now));
                ps.addBatch();
                uuids.add(uuid);
            }
            ps.executeBatch();
            collectKeys(ps, ids);
        }
    }

    /**
     * Offerings spread over the zones, one in ten dedicated to the ROOT domain, a mix of options;
     * creation times one second apart so the list order is stable. Answers the number of detail rows.
     */
    private static int insertOfferings(Connection c, long domain, List<Long> zoneIds, Instant now) throws SQLException {
        List<Long> ids = new ArrayList<>(OFFERINGS);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO backup_offering (uuid, name, description, zone_id,"
                + " provider, external_id, user_driven_backups, domain_id, created)"
                + " VALUES (?, ?, ?, ?, 'kboss', ?, 1, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            for (int i = 0; i < OFFERINGS; i++) {
                String uuid = UUID.randomUUID().toString();
                ps.setString(1, uuid);
                ps.setString(2, String.format("bench-offering-%05d", i));
                ps.setString(3, "Benchmark offering " + i + ": nightly chain of " + (i % 15) + " increments");
                ps.setLong(4, zoneIds.get(i % zoneIds.size()));
                ps.setString(5, uuid);
                ps.setObject(6, i % 10 == 0 ? domain : null);
                ps.setObject(7, utc(now.minusSeconds(OFFERINGS - i)));
                ps.addBatch();
                if ((i + 1) % BATCH == 0 || i == OFFERINGS - 1) {
                    ps.executeBatch();
                    collectKeys(ps, ids);
                }
            }
        }
        int details = 0;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO backup_offering_details (backup_offering_id, name,"
                + " value) VALUES (?, ?, ?)")) {
            for (int i = 0; i < ids.size(); i++) {
                long id = ids.get(i);
                boolean compress = i % 2 == 0;
                boolean validate = i % 3 == 0;
                details += detail(ps, id, "compress", Boolean.toString(compress));
                if (compress) {
                    details += detail(ps, id, "compressionlibrary", i % 4 == 0 ? "zstd" : "zlib");
                }
                details += detail(ps, id, "validate", Boolean.toString(validate));
                if (validate) {
                    details += detail(ps, id, "validationsteps", "wait_for_boot,screenshot");
                }
                details += detail(ps, id, "allowquickrestore", Boolean.toString(i % 5 != 0));
                details += detail(ps, id, "allowextractfile", Boolean.toString(i % 7 == 0));
                details += detail(ps, id, "backupchainsize", Integer.toString(i % 15));
                if ((i + 1) % BATCH == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
        return details;
    }

    private static int detail(PreparedStatement ps, long offering, String name, String value) throws SQLException {
        ps.setLong(1, offering);
        ps.setString(2, name);
        ps.setString(3, value);
        ps.addBatch();
        return 1;
    }

    private record SettingRow(String name, String scope, long scopeId, String value) {
    }

    /**
     * Every global key once at GLOBAL, then zone, cluster and account values taken in turn (so
     * every scope is well represented) until there are {@value #SETTING_VALUES} rows. Answers a
     * zone-scoped row that differs from its default, for the read check.
     */
    private static SettingRow insertSettingValues(Connection c, List<Definition> definitions, List<Long> zones,
            List<Long> clusters, List<Long> accounts, Instant now)
            throws SQLException {
        List<SettingRow> global = new ArrayList<>();
        List<List<SettingRow>> byScope = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        int row = 0;
        for (Definition d : definitions) {
            switch (d.scope()) {
                case "global" -> global.add(new SettingRow(d.name(), "GLOBAL", 0, d.valueFor(row++)));
                case "zone" -> {
                    for (long z : zones) {
                        byScope.get(0).add(new SettingRow(d.name(), "ZONE", z, d.valueFor(row++)));
                    }
                }
                case "cluster" -> {
                    for (long cl : clusters) {
                        byScope.get(1).add(new SettingRow(d.name(), "CLUSTER", cl, d.valueFor(row++)));
                    }
                }
                case "account" -> {
                    for (long a : accounts) {
                        byScope.get(2).add(new SettingRow(d.name(), "ACCOUNT", a, d.valueFor(row++)));
                    }
                }
                default -> throw new IllegalStateException("listConfigurations answered an unknown scope '"
                        + d.scope() + "' for " + d.name() + "; update BenchmarkData for it");
            }
        }
        List<SettingRow> rows = new ArrayList<>(global);
        for (List<SettingRow> l : byScope) {
            Collections.shuffle(l, new java.util.Random(42));
        }
        int[] next = new int[3];
        int scope = 0;
        while (rows.size() < SETTING_VALUES) {
            boolean added = false;
            for (int tries = 0; tries < 3 && !added; tries++, scope = (scope + 1) % 3) {
                if (next[scope] < byScope.get(scope).size()) {
                    rows.add(byScope.get(scope).get(next[scope]++));
                    added = true;
                }
            }
            if (!added) {
                throw new IllegalStateException("Only " + rows.size() + " distinct setting places exist for "
                        + definitions.size() + " definitions; raise ZONES or ACCOUNTS to reach " + SETTING_VALUES);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO configuration_value (name, scope, scope_id,"
                + " value, updated) VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < rows.size(); i++) {
                SettingRow r = rows.get(i);
                ps.setString(1, r.name());
                ps.setString(2, r.scope());
                ps.setLong(3, r.scopeId());
                ps.setString(4, r.value());
                ps.setObject(5, utc(now));
                ps.addBatch();
                if ((i + 1) % BATCH == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
        String zoneBoolean = definitions.stream().filter(d -> d.scope().equals("zone") && d.type().equals("Boolean"))
                .map(Definition::name).findFirst().orElse(null);
        return rows.stream().filter(r -> r.scope().equals("ZONE"))
                .filter(r -> zoneBoolean == null || (r.name().equals(zoneBoolean)
                        && !r.value().equals(definitions.stream().filter(d -> d.name().equals(zoneBoolean))
                                .findFirst().orElseThrow().defaultValue())))
                .findFirst().orElseThrow(() -> new IllegalStateException("No zone-scoped setting value was seeded"));
    }

    private static void collectKeys(Statement s, List<Long> into) throws SQLException {
        try (ResultSet keys = s.getGeneratedKeys()) {
            while (keys.next()) {
                into.add(keys.getLong(1));
            }
        }
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
