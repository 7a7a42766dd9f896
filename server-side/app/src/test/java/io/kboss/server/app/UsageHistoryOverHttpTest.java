package io.kboss.server.app;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.zaxxer.hikari.HikariDataSource;
import io.kboss.db.testing.TestDatabase;
import io.kboss.server.api.dispatch.ApiJson;
import io.kboss.server.config.DatabasePool;
import io.kboss.server.usage.StoreUsageSampler;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The usage history over HTTP on a real server and MariaDB: a VM's backups with their durations and sizes
 * (listBackupUsageHistory), an account's stored bytes per day (listAccountStorageHistory), the image stores'
 * sampled used/total bytes (listImageStoreUsageHistory, with the sampler and its retention), who may see
 * what, and the refusals of bad windows. Backups and their operations are rows as the orchestration writes
 * them.
 */
public class UsageHistoryOverHttpTest {
    private static TestServers servers;
    private static HikariDataSource pool;
    private static ApiClient admin;
    private static ApiClient ulla;
    private static ApiClient otto;
    private static String ullaAccount;
    private static String ottoAccount;
    private static String ullaVm;
    private static String store;
    private static final String[] BACKUPS = new String[3];
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @BeforeClass
    public static void startServer() throws Exception {
        servers = TestServers.start("usage");
        pool = DatabasePool.open(servers.db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD, "usage-seed", 2);
        admin = servers.admin();
        ullaAccount = account("ulla");
        ottoAccount = account("otto");
        ulla = servers.client().login("ulla", "ulla-password");
        otto = servers.client().login("otto", "otto-password");
        seed();
    }

    @AfterClass
    public static void stopServer() throws Exception {
        if (pool != null) {
            pool.close();
        }
        if (servers != null) {
            servers.close();
        }
    }

    private static String account(String name) throws Exception {
        ApiClient.Answer a = admin.call("createAccount", "username", name, "password", name + "-password");
        assertEquals(a.body().toString(), 200, a.status());
        return a.response("createAccount").getAsJsonObject("account").get("id").getAsString();
    }

    private static Instant day(int daysAgo, int hour) {
        return TODAY.minusDays(daysAgo).atTime(hour, 0).toInstant(ZoneOffset.UTC);
    }

    /** A statement on the server's database, through a pool set up as the server's own (UTC, milliseconds). */
    private static long sql(String statement, Object... args) throws Exception {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                Object v = args[i] instanceof Instant t ? Timestamp.from(t) : args[i];
                ps.setObject(i + 1, v);
            }
            if (statement.startsWith("SELECT")) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
            return ps.executeUpdate();
        }
    }

    /** A zone, store, host and offering; ulla's VM with two taken backups and a failed one; otto's VM with one. */
    private static void seed() throws Exception {
        Instant t0 = day(10, 0);
        sql("INSERT INTO zone (uuid, name, created) VALUES (?, 'uz', ?)", UUID.randomUUID().toString(), t0);
        long zone = sql("SELECT id FROM zone WHERE name = 'uz'");
        store = UUID.randomUUID().toString();
        sql("INSERT INTO image_store (uuid, name, zone_id, protocol, url, path, used_bytes, capacity_bytes, created)"
                + " VALUES (?, 'us', ?, 'file', 'file:///tmp/us', '/tmp/us', 1000, 5000, ?)", store, zone, t0);
        sql("INSERT INTO host (uuid, name, zone_id, url, address, port, status, missed_pings, status_changed,"
                + " channel_key_sealed, created) VALUES (?, 'uh', ?, 'http://uh:8250', '127.0.0.1', 8250, 'Up', 0, ?,"
                + " x'00', ?)", UUID.randomUUID().toString(), zone, t0, t0);
        long host = sql("SELECT id FROM host WHERE name = 'uh'");
        String offering = UUID.randomUUID().toString();
        sql("INSERT INTO backup_offering (uuid, name, description, zone_id, provider, external_id,"
                + " user_driven_backups, created) VALUES (?, 'uo', 'uo', ?, 'kboss', ?, 1, ?)", offering, zone,
                offering,
                t0);
        long off = sql("SELECT id FROM backup_offering WHERE uuid = ?", offering);
        ullaVm = vm("ulla-vm", "ulla", zone, host, off);
        String ottoVm = vm("otto-vm", "otto", zone, host, off);
        BACKUPS[0] = backup(ullaVm, "FULL", "BackedUp", day(3, 10), 100L, null, Duration.ofSeconds(30));
        BACKUPS[1] = backup(ullaVm, "INCREMENTAL", "Removed", day(2, 10), 20L, day(1, 10), Duration.ofSeconds(5));
        BACKUPS[2] = backup(ullaVm, "FULL", "Failed", null, null, null, null);
        String merged = backup(ottoVm, "FULL", "BackedUp", day(3, 11), 999L, null, Duration.ofSeconds(1));
        // Taken at 400 bytes; a merge on delete grew it to its 999 bytes now, the next day (V28).
        sql("INSERT INTO backup_size_change (backup_id, changed, size_before, size_after, reason) SELECT id, ?, 400,"
                + " 999, 'MERGE' FROM backup WHERE uuid = ?", day(2, 12), merged);
    }

    private static String vm(String name, String owner, long zone, long host, long offering) throws Exception {
        String uuid = UUID.randomUUID().toString();
        sql("INSERT INTO vm_instance (uuid, name, domain_uuid, account_id, domain_id, zone_id, host_id, state,"
                + " power_state, backup_offering_id, created) SELECT ?, ?, ?, a.id, a.domain_id, ?, ?, 'Stopped',"
                + " 'PowerOff', ?, ? FROM account a WHERE a.name = ?", uuid, name, UUID.randomUUID().toString(), zone,
                host, offering, day(10, 0), owner);
        return uuid;
    }

    private static String backup(String vm, String type, String status, Instant date, Long size, Instant removed,
            Duration took) throws Exception {
        String uuid = UUID.randomUUID().toString();
        Instant created = date == null ? day(1, 1) : date.minusSeconds(60);
        sql("INSERT INTO backup (uuid, vm_id, account_id, domain_id, zone_id, backup_offering_id, type, status, size,"
                + " virtual_size, date, created, updated, removed) SELECT ?, v.id, v.account_id, v.domain_id, v.zone_id,"
                + " v.backup_offering_id, ?, ?, ?, 4096, ?, ?, ?, ? FROM vm_instance v WHERE v.uuid = ?", uuid, type,
                status, size, date, created, created, removed, vm);
        if (took != null) {
            sql("INSERT INTO operation (uuid, kind, origin, limit_group, exclusive_scope, vm_id, host_id, zone_id,"
                    + " backup_id, state, next_attempt, enqueued, started, ended) SELECT ?, 'BACKUP', 'API', 'backup',"
                    + " 'VM', b.vm_id, v.host_id, b.zone_id, b.id, 'SUCCEEDED', ?, ?, ?, ? FROM backup b"
                    + " JOIN vm_instance v ON v.id = b.vm_id WHERE b.uuid = ?", uuid, created, created,
                    date.minus(took), date, uuid);
        }
        return uuid;
    }

    private static JsonObject ok(ApiClient who, String command, String... kv) throws Exception {
        ApiClient.Answer a = who.call(command, kv);
        assertEquals(a.body().toString(), 200, a.status());
        return a.response(command);
    }

    private static String refused(int status, ApiClient who, String command, String... kv) throws Exception {
        ApiClient.Answer a = who.call(command, kv);
        assertEquals(a.body().toString(), status, a.status());
        return a.errorText(command);
    }

    @Test
    public void aVmsHistoryHasEachTakenBackupNewestFirstWithItsDurationSizeAndRemoval() throws Exception {
        JsonObject r = ok(ulla, "listBackupUsageHistory", "virtualmachineid", ullaVm);
        assertEquals(r.toString(), 2, r.get("count").getAsInt());
        JsonArray rows = r.getAsJsonArray("backupusage");
        JsonObject newest = rows.get(0).getAsJsonObject();
        JsonObject oldest = rows.get(1).getAsJsonObject();
        assertEquals(BACKUPS[1], newest.get("id").getAsString());
        assertEquals("Removed", newest.get("status").getAsString());
        assertEquals(5.0, newest.get("duration").getAsDouble(), 0.0001);
        assertEquals(20, newest.get("size").getAsLong());
        assertTrue(newest.toString(), newest.has("removed"));
        assertEquals(BACKUPS[0], oldest.get("id").getAsString());
        assertEquals(30.0, oldest.get("duration").getAsDouble(), 0.0001);
        assertEquals(100, oldest.get("size").getAsLong());
        assertEquals(4096, oldest.get("virtualsize").getAsLong());
        assertEquals(ullaVm, oldest.get("virtualmachineid").getAsString());
        assertEquals("FULL", oldest.get("type").getAsString());
        assertEquals(ApiJson.DATE_FORMAT.format(day(3, 10)), oldest.get("date").getAsString());
        assertEquals(ApiJson.DATE_FORMAT.format(day(3, 10).minusSeconds(30)), oldest.get("startdate").getAsString());
        assertFalse("the backup is kept", oldest.has("removed"));

        JsonObject window = ok(ulla, "listBackupUsageHistory", "virtualmachineid", ullaVm, "startdate",
                TODAY.minusDays(3).toString(), "enddate", TODAY.minusDays(3).toString());
        assertEquals(1, window.get("count").getAsInt());
        JsonObject paged = ok(admin, "listBackupUsageHistory", "virtualmachineid", ullaVm, "page", "2", "pagesize",
                "1");
        assertEquals(BACKUPS[0], paged.getAsJsonArray("backupusage").get(0).getAsJsonObject().get("id")
                .getAsString());
    }

    @Test
    public void anotherUsersVmAndAccountAreRefused() throws Exception {
        String vmText = refused(432, otto, "listBackupUsageHistory", "virtualmachineid", ullaVm);
        assertTrue(vmText, vmText.contains(ullaVm));
        String accountText = refused(432, otto, "listAccountStorageHistory", "accountid", ullaAccount);
        assertTrue(accountText, accountText.contains(ullaAccount));
        refused(432, ulla, "listImageStoreUsageHistory");
        Set<String> apis = new HashSet<>();
        for (JsonElement e : ok(ulla, "listApis").getAsJsonArray("api")) {
            apis.add(e.getAsJsonObject().get("name").getAsString());
        }
        assertTrue(apis.contains("listBackupUsageHistory"));
        assertTrue(apis.contains("listAccountStorageHistory"));
        assertFalse("store history is for root admins", apis.contains("listImageStoreUsageHistory"));
    }

    @Test
    public void anAccountsStorageIsItsBackupsPerDayFromTakenToRemoved() throws Exception {
        JsonObject r = ok(ulla, "listAccountStorageHistory", "startdate", TODAY.minusDays(4).toString(), "enddate",
                TODAY.minusDays(1).toString());
        JsonArray days = r.getAsJsonArray("accountstorage");
        assertEquals(r.toString(), 4, days.size());
        long[] sizes = {0, 100, 120, 100};
        int[] counts = {0, 1, 2, 1};
        for (int i = 0; i < 4; i++) {
            JsonObject d = days.get(i).getAsJsonObject();
            assertEquals(TODAY.minusDays(4 - i).toString(), d.get("date").getAsString());
            assertEquals(d.toString(), sizes[i], d.get("size").getAsLong());
            assertEquals(d.toString(), counts[i], d.get("backups").getAsInt());
            assertEquals(ullaAccount, d.get("accountid").getAsString());
            assertEquals("ulla", d.get("account").getAsString());
        }
        JsonObject asAdmin = ok(admin, "listAccountStorageHistory", "accountid", ottoAccount, "startdate",
                TODAY.minusDays(3).toString(), "enddate", TODAY.minusDays(2).toString());
        JsonArray ottoDays = asAdmin.getAsJsonArray("accountstorage");
        assertEquals("the backup counts with its size when taken, not its merged size now: " + ottoDays, 400,
                ottoDays.get(0).getAsJsonObject().get("size").getAsLong());
        assertEquals("from the merge on, with its merged size: " + ottoDays, 999,
                ottoDays.get(1).getAsJsonObject().get("size").getAsLong());
        JsonObject byDefault = ok(otto, "listAccountStorageHistory");
        assertEquals("30 days back and today", 31, byDefault.getAsJsonArray("accountstorage").size());
    }

    @Test
    public void badWindowsAndUnknownIdsAreRefusedNamingTheParameter() throws Exception {
        String backwards = refused(431, ulla, "listAccountStorageHistory", "startdate", TODAY.toString(), "enddate",
                TODAY.minusDays(2).toString());
        assertTrue(backwards, backwards.contains("startdate"));
        String tooLong = refused(431, ulla, "listBackupUsageHistory", "virtualmachineid", ullaVm, "startdate",
                TODAY.minusDays(400).toString());
        assertTrue(tooLong, tooLong.contains("366 days"));
        String unknownVm = refused(431, ulla, "listBackupUsageHistory", "virtualmachineid",
                UUID.randomUUID().toString());
        assertTrue(unknownVm, unknownVm.contains("virtualmachineid"));
        refused(431, ulla, "listBackupUsageHistory");
        String unknownStore = refused(431, admin, "listImageStoreUsageHistory", "id", UUID.randomUUID().toString());
        assertTrue(unknownStore, unknownStore.contains("id"));
        String unknownAccount = refused(431, admin, "listAccountStorageHistory", "accountid",
                UUID.randomUUID().toString());
        assertTrue(unknownAccount, unknownAccount.contains("accountid"));
    }

    @Test
    public void theSamplerRecordsEachStoresUsedAndTotalAndForgetsSamplesPastTheRetention() throws Exception {
        sql("UPDATE image_store SET used_bytes = 700, capacity_bytes = 5000, free_bytes = 3766 WHERE uuid = ?", store);
        sql("INSERT INTO image_store_usage (image_store_id, sampled, used_bytes, capacity_bytes) SELECT id, ?, 1, 2"
                + " FROM image_store WHERE uuid = ?", Instant.now().minus(Duration.ofDays(100)), store);
        servers.server.bean(StoreUsageSampler.class).sampleNow();

        JsonObject r = ok(admin, "listImageStoreUsageHistory", "id", store);
        JsonArray rows = r.getAsJsonArray("imagestoreusage");
        JsonObject last = rows.get(rows.size() - 1).getAsJsonObject();
        assertEquals(store, last.get("imagestoreid").getAsString());
        assertEquals("us", last.get("imagestorename").getAsString());
        assertEquals("the file system's used bytes, as listImageStores shows them", 1234,
                last.get("disksizeused").getAsLong());
        assertEquals(5000, last.get("disksizetotal").getAsLong());
        assertEquals("what the backups occupied", 700, last.get("usedbybackups").getAsLong());
        assertFalse("uuids only", last.has("id"));
        assertEquals("the 100-day-old sample is past the 90-day retention", 0,
                sql("SELECT COUNT(*) FROM image_store_usage WHERE used_bytes = 1"));

        String tooShort = refused(431, admin, "updateConfiguration", "name", "store.usage.retention", "value", "0");
        assertTrue(tooShort, tooShort.contains("store.usage.retention"));
        JsonObject old = ok(admin, "listImageStoreUsageHistory", "id", store, "startdate",
                TODAY.minusDays(200).toString(), "enddate", TODAY.minusDays(50).toString());
        assertEquals(0, ApiClient.count(old));
    }

    /**
     * 90 days of 15-minute samples of one store (8,640): used bytes ramp up by one per sample with one spike
     * and one dip, the total doubles once, the backups' bytes peak once. A chart asking for at most 400 gets
     * every slice's first and last sample and every extreme, each a sample that was taken, pages of one list,
     * and bad bounds are refused naming the parameter.
     */
    @Test
    public void aChartAsksForAtMostSoManySamplesPerStoreAndEachSliceKeepsItsFirstLastLowestAndHighest()
            throws Exception {
        int n = 8640;
        Instant first = day(89, 0);
        String thin = UUID.randomUUID().toString();
        // Removed, so the server's own sampler adds nothing to it meanwhile; a removed store keeps its history.
        sql("INSERT INTO image_store (uuid, name, zone_id, protocol, url, path, created, removed) SELECT ?, 'thin',"
                + " id, 'file', 'file:///tmp/thin', '/tmp/thin', ?, ? FROM zone WHERE name = 'uz'", thin, first,
                Instant.now());
        sql("INSERT INTO image_store_usage (image_store_id, sampled, used_bytes, capacity_bytes, backup_bytes)"
                + " SELECT s.id, TIMESTAMPADD(MINUTE, q.seq * 15, ?), CASE q.seq WHEN 5000 THEN 99999 WHEN 7000 THEN 3"
                + " ELSE 1000 + q.seq END, IF(q.seq < 4000, 100000, 200000), IF(q.seq = 6000, 77777, 500)"
                + " FROM image_store s JOIN seq_0_to_" + (n - 1) + " q WHERE s.uuid = ?", first, thin);
        Map<String, Integer> seqOf = new HashMap<>();
        for (int i = 0; i < n; i++) {
            seqOf.put(ApiJson.DATE_FORMAT.format(first.plus(Duration.ofMinutes(15L * i))), i);
        }
        String[] window = {"id", thin, "startdate", TODAY.minusDays(89).toString(), "enddate", TODAY.toString()};

        assertEquals("unbounded, every sample", n, ApiClient.count(ok(admin, "listImageStoreUsageHistory", window)));
        JsonObject bounded = ok(admin, "listImageStoreUsageHistory",
                concat(window, "maxsamples", "400", "page", "1", "pagesize",
                        "1000"));
        JsonArray rows = bounded.getAsJsonArray("imagestoreusage");
        int count = bounded.get("count").getAsInt();
        assertEquals("count is of the samples answered", count, rows.size());
        assertTrue("50 slices of 8 at most, and their first and last at least: " + count, count >= 100
                && count <= 400);
        int previous = -1;
        Set<Integer> kept = new HashSet<>();
        for (JsonElement e : rows) {
            JsonObject r = e.getAsJsonObject();
            Integer seq = seqOf.get(r.get("date").getAsString());
            assertTrue("a sample that was taken: " + r, seq != null);
            assertTrue("oldest first, each once: " + r, seq > previous);
            previous = seq;
            kept.add(seq);
            long used = seq == 5000 ? 99999 : seq == 7000 ? 3 : 1000 + seq;
            assertEquals("its own figures: " + r, used, r.get("disksizeused").getAsLong());
            assertEquals(r.toString(), seq < 4000 ? 100000 : 200000, r.get("disksizetotal").getAsLong());
            assertEquals(r.toString(), seq == 6000 ? 77777 : 500, r.get("usedbybackups").getAsLong());
            assertEquals(thin, r.get("imagestoreid").getAsString());
        }
        assertTrue("the line starts and ends where the samples do", kept.contains(0) && kept.contains(n - 1));
        assertTrue("the spike and the dip of the used bytes are kept", kept.contains(5000) && kept.contains(7000));
        assertTrue("the backups' peak is kept", kept.contains(6000));
        assertTrue("the first sample of the doubled total is kept, so the step is where it happened",
                kept.contains(4000));

        JsonArray page2 = ok(admin, "listImageStoreUsageHistory", concat(window, "maxsamples", "400", "page", "2",
                "pagesize", "30")).getAsJsonArray("imagestoreusage");
        assertEquals(30, page2.size());
        for (int i = 0; i < 30; i++) {
            assertEquals("page 2 is the same list's rows 30 to 59", rows.get(30 + i), page2.get(i));
        }
        assertEquals("a bound above the samples answers them all", n, ApiClient.count(ok(admin,
                "listImageStoreUsageHistory", concat(window, "maxsamples", String.valueOf(n)))));
        // The same window: without enddate it would end now rather than at the end of today, its slices would
        // fall elsewhere, and the count would depend on the time of day (the CI run of 2026-12-07 got 103).
        JsonObject allStores = ok(admin, "listImageStoreUsageHistory", "startdate", TODAY.minusDays(89).toString(),
                "enddate", TODAY.toString(), "maxsamples", "400", "page", "1", "pagesize", "2000");
        int ofThin = 0;
        for (JsonElement e : allStores.getAsJsonArray("imagestoreusage")) {
            ofThin += thin.equals(e.getAsJsonObject().get("imagestoreid").getAsString()) ? 1 : 0;
        }
        assertEquals("the bound is per store; the thinning is the same with other stores beside it", count, ofThin);

        for (String bad : new String[]{"7", "100001", "-1", "many"}) {
            String text = refused(431, admin, "listImageStoreUsageHistory", concat(window, "maxsamples", bad));
            assertTrue(bad + ": " + text, text.contains("maxsamples"));
        }
        String tooFew = refused(431, admin, "listImageStoreUsageHistory", concat(window, "maxsamples", "7"));
        assertTrue("says what is allowed: " + tooFew, tooFew.contains("8") && tooFew.contains("100000"));
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
