package io.kboss.test.offering;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kboss.db.testing.TestDatabase;
import io.kboss.server.app.KbossServer;
import io.kboss.server.app.KbossServerConfig;
import io.kboss.test.api.ApiSession;
import io.kboss.test.api.ApiSession.Answer;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * createBackupOffering, listBackupOfferings, updateBackupOffering and deleteBackupOffering over
 * real HTTP on the in-process server and real MariaDB, as an admin and as a user of a domain.
 */
public class BackupOfferingsOverHttpTest {
    private static final String ADMIN_PASSWORD = "offering-tests-admin";
    private static TestDatabase db;
    private static KbossServer server;
    private static ApiSession admin;
    private static ApiSession salesUser;
    private static String salesDomain;
    private static String opsDomain;
    private String zone;

    @BeforeClass
    public static void startServer() throws Exception {
        db = TestDatabase.create("offering_http");
        server = KbossServer.start(KbossServerConfig.builder()
                .jdbc(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD).http("127.0.0.1", 0)
                .workFolder(Files.createTempDirectory("kboss-offering-http")).adminPassword(ADMIN_PASSWORD).build());
        admin = ApiSession.login(server.baseUrl(), "admin", ADMIN_PASSWORD, "/");
        // Standalone KBOSS has no createDomain command yet; domains are rows under ROOT.
        salesDomain = insertDomain("sales");
        opsDomain = insertDomain("ops");
        Answer account = admin.call("createAccount", "username", "alice", "password", "alice-pass-1",
                "accounttype", "0", "domainid", salesDomain);
        assertEquals(account.response().toString(), 200, account.status());
        salesUser = ApiSession.login(server.baseUrl(), "alice", "alice-pass-1", "/sales/");
    }

    @AfterClass
    public static void stopServer() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            db.close();
        }
    }

    private static String insertDomain(String name) throws Exception {
        String uuid = UUID.randomUUID().toString();
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("INSERT INTO domain (uuid, name,"
                        + " parent_id, path, created) SELECT ?, ?, id, ?, UTC_TIMESTAMP(3) FROM domain WHERE path = '/'")) {
            ps.setString(1, uuid);
            ps.setString(2, name);
            ps.setString(3, "/" + name + "/");
            assertEquals(1, ps.executeUpdate());
        }
        return uuid;
    }

    /** Both offering tables, row by row: equal before and after means a call changed nothing. */
    private static String offeringTables() throws Exception {
        StringBuilder s = new StringBuilder();
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            try (ResultSet rs = st
                    .executeQuery("SELECT id, name, description, removed FROM backup_offering ORDER BY id")) {
                while (rs.next()) {
                    s.append(rs.getLong(1)).append(rs.getString(2)).append(rs.getString(3)).append(rs.getString(4))
                            .append(';');
                }
            }
            try (ResultSet rs = st
                    .executeQuery("SELECT backup_offering_id, name, value FROM backup_offering_details ORDER BY id")) {
                while (rs.next()) {
                    s.append(rs.getLong(1)).append(rs.getString(2)).append(rs.getString(3)).append(';');
                }
            }
        }
        return s.toString();
    }

    @Before
    public void newZone() throws Exception {
        Answer z = admin.call("createZone", "name", "zone-" + UUID.randomUUID());
        assertEquals(z.response().toString(), 200, z.status());
        zone = z.response().getAsJsonObject("zone").get("id").getAsString();
    }

    private Answer create(String name, String... extra) throws Exception {
        // Extras override the defaults: a repeated parameter would reach the server twice.
        Map<String, String> params = new LinkedHashMap<>(Map.of("name", name, "description", name + " backups",
                "zoneid", zone, "allowuserdrivenbackups", "true"));
        for (int i = 0; i < extra.length; i += 2) {
            params.put(extra[i], extra[i + 1]);
        }
        List<String> kv = new ArrayList<>();
        params.forEach((k, v) -> {
            kv.add(k);
            kv.add(v);
        });
        return admin.call("createBackupOffering", kv.toArray(new String[0]));
    }

    private JsonObject created(String name, String... extra) throws Exception {
        Answer a = create(name, extra);
        assertEquals(a.response().toString(), 200, a.status());
        return a.response().getAsJsonObject("backupoffering");
    }

    private static List<String> names(Answer list) {
        List<String> out = new ArrayList<>();
        JsonArray items = list.response().getAsJsonArray("backupoffering");
        if (items != null) {
            for (JsonElement e : items) {
                out.add(e.getAsJsonObject().get("name").getAsString());
            }
        }
        return out;
    }

    private void assertRefused431(String expectedText, String... extra) throws Exception {
        Answer a = create("refused", extra);
        assertEquals(a.response().toString(), 431, a.status());
        assertEquals(431, a.response().get("errorcode").getAsInt());
        assertTrue(a.errorText(), a.errorText().contains(expectedText));
    }

    @Test
    public void createWithEveryOptionAnswersAndListsTheOfferingInCloudStacksShape() throws Exception {
        JsonObject o = created("everything", "compress", "true", "compressionlibrary", "zlib", "validate", "true",
                "validationsteps", "wait_for_boot,execute_command,screenshot", "allowquickrestore", "true",
                "allowextractfile", "true", "backupchainsize", "10", "ispublic", "false", "domainid", salesDomain);
        assertEquals("everything", o.get("name").getAsString());
        assertEquals("everything backups", o.get("description").getAsString());
        assertEquals(zone, o.get("zoneid").getAsString());
        assertTrue(o.get("zonename").getAsString().startsWith("zone-"));
        assertEquals("kboss", o.get("provider").getAsString());
        assertEquals(o.get("id").getAsString(), o.get("externalid").getAsString());
        assertTrue(o.get("allowuserdrivenbackups").getAsBoolean());
        assertTrue(o.get("created").getAsString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+0000"));
        assertTrue(o.get("compress").getAsBoolean());
        assertEquals("zlib", o.get("compressionlibrary").getAsString());
        assertTrue(o.get("validate").getAsBoolean());
        assertEquals("wait_for_boot,execute_command,screenshot", o.get("validationsteps").getAsString());
        assertTrue(o.get("allowquickrestore").getAsBoolean());
        assertTrue(o.get("allowextractfile").getAsBoolean());
        assertEquals(10, o.get("backupchainsize").getAsInt());
        assertEquals(salesDomain, o.get("domainid").getAsString());
        assertEquals("sales", o.get("domain").getAsString());
        Answer listed = admin.call("listBackupOfferings", "id", o.get("id").getAsString());
        assertEquals(1, io.kboss.test.api.ApiSession.count(listed.response()));
        assertEquals(o, listed.response().getAsJsonArray("backupoffering").get(0));
    }

    @Test
    public void createWithDefaultsIsPublicUncompressedUnvalidatedAndUsesTheZoneChainSize() throws Exception {
        JsonObject o = created("plain");
        assertFalse(o.get("compress").getAsBoolean());
        assertFalse(o.has("compressionlibrary"));
        assertFalse(o.get("validate").getAsBoolean());
        assertFalse(o.has("validationsteps"));
        assertFalse(o.get("allowquickrestore").getAsBoolean());
        assertFalse(o.get("allowextractfile").getAsBoolean());
        assertEquals(0, o.get("backupchainsize").getAsInt());
        assertFalse(o.has("domainid"));
    }

    @Test
    public void compressWithoutLibraryUsesZstdAndValidateWithoutStepsUsesTheUnconfiguredSteps() throws Exception {
        JsonObject o = created("defaults", "compress", "true", "validate", "true", "ispublic", "true");
        assertEquals("zstd", o.get("compressionlibrary").getAsString());
        assertEquals("wait_for_boot,screenshot", o.get("validationsteps").getAsString());
        assertFalse(o.has("domainid"));
    }

    @Test
    public void eachRefusedCombinationAnswers431WithItsReasonAndChangesNothing() throws Exception {
        created("taken");
        String before = offeringTables();
        assertRefused431("compressionlibrary is only allowed when compress=true", "compressionlibrary", "zstd");
        assertRefused431("compressionlibrary is only allowed when compress=true", "compress", "false",
                "compressionlibrary", "zlib");
        assertRefused431("compressionlibrary must be one of zstd, zlib; 'lzma' is not", "compress", "true",
                "compressionlibrary", "lzma");
        assertRefused431("validationsteps is only allowed when validate=true", "validationsteps", "screenshot");
        assertRefused431("'boot' is not one of them", "validate", "true", "validationsteps", "boot");
        assertRefused431("validationsteps names screenshot more than once", "validate", "true", "validationsteps",
                "screenshot,screenshot");
        assertRefused431("backupchainsize must be a whole number from 0", "backupchainsize", "-3");
        assertRefused431("backupchainsize must be a whole number", "backupchainsize", "many");
        assertRefused431("domainid is required when ispublic=false", "ispublic", "false");
        assertRefused431("domainid is only allowed when the offering is not public", "ispublic", "true", "domainid",
                salesDomain);
        assertRefused431("does not name an existing domain", "domainid", UUID.randomUUID().toString());
        Answer notUserDriven = admin.call("createBackupOffering", "name", "x", "description", "d", "zoneid", zone,
                "allowuserdrivenbackups", "false");
        assertEquals(431, notUserDriven.status());
        assertTrue(notUserDriven.errorText(),
                notUserDriven.errorText().contains("allowuserdrivenbackups must be true"));
        Answer noZone = admin.call("createBackupOffering", "name", "x", "description", "d", "zoneid",
                UUID.randomUUID().toString(), "allowuserdrivenbackups", "true");
        assertEquals(431, noZone.status());
        assertTrue(noZone.errorText(), noZone.errorText().contains("does not name an existing zone"));
        Answer taken = create("taken");
        assertEquals(431, taken.status());
        assertTrue(taken.errorText(), taken.errorText().contains("name 'taken' is already used"));
        Answer longName = create("n".repeat(256));
        assertEquals(431, longName.status());
        assertTrue(longName.errorText(), longName.errorText().contains("at most 255"));
        Answer missing = admin.call("createBackupOffering", "name", "x", "description", "d", "zoneid", zone);
        assertEquals(431, missing.status());
        assertTrue(missing.errorText(), missing.errorText().contains("allowuserdrivenbackups"));
        assertEquals(before, offeringTables());
    }

    @Test
    public void zoneWithTheBackupFrameworkDisabledRefusesNewOfferings() throws Exception {
        Answer off = admin.call("updateConfiguration", "name", "backup.framework.enabled", "value", "false", "zoneid",
                zone);
        assertEquals(off.response().toString(), 200, off.status());
        String before = offeringTables();
        assertRefused431("backup.framework.enabled is false for zone");
        assertEquals(before, offeringTables());
        admin.call("resetConfiguration", "name", "backup.framework.enabled", "zoneid", zone);
        created("after-enabling");
    }

    @Test
    public void listFiltersByZoneNameAndKeywordAndPages() throws Exception {
        created("alpha");
        created("beta", "description", "nightly");
        created("gamma");
        assertEquals(List.of("alpha", "beta", "gamma"), names(admin.call("listBackupOfferings", "zoneid", zone)));
        assertEquals(List.of("beta"), names(admin.call("listBackupOfferings", "zoneid", zone, "name", "beta")));
        assertEquals(List.of("alpha"), names(admin.call("listBackupOfferings", "zoneid", zone, "keyword", "LPH")));
        assertEquals(List.of("beta"), names(admin.call("listBackupOfferings", "zoneid", zone, "keyword", "night")));
        Answer page2 = admin.call("listBackupOfferings", "zoneid", zone, "page", "2", "pagesize", "2");
        assertEquals(3, io.kboss.test.api.ApiSession.count(page2.response()));
        assertEquals(List.of("gamma"), names(page2));
        Answer bad = admin.call("listBackupOfferings", "zoneid", "not-a-uuid");
        assertEquals(431, bad.status());
        assertTrue(bad.errorText(), bad.errorText().contains("zoneid"));
    }

    @Test
    public void updateChangesTheGivenFieldsAndRefusedUpdateChangesNothing() throws Exception {
        String id = created("before", "compress", "true", "backupchainsize", "4").get("id").getAsString();
        created("other");
        Answer u = admin.call("updateBackupOffering", "id", id, "name", "after", "description", "new text",
                "compressionlibrary", "zlib", "validate", "true", "validationsteps", "screenshot", "allowquickrestore",
                "true");
        assertEquals(u.response().toString(), 200, u.status());
        JsonObject o = u.response().getAsJsonObject("backupoffering");
        assertEquals("after", o.get("name").getAsString());
        assertEquals("new text", o.get("description").getAsString());
        assertEquals("zlib", o.get("compressionlibrary").getAsString());
        assertEquals("screenshot", o.get("validationsteps").getAsString());
        assertTrue(o.get("allowquickrestore").getAsBoolean());
        assertEquals(4, o.get("backupchainsize").getAsInt());
        assertEquals(o, admin.call("listBackupOfferings", "id", id).response().getAsJsonArray("backupoffering").get(0));

        String before = offeringTables();
        Answer clash = admin.call("updateBackupOffering", "id", id, "name", "other");
        assertEquals(431, clash.status());
        assertTrue(clash.errorText(), clash.errorText().contains("already used"));
        Answer stepsWithoutValidate = admin.call("updateBackupOffering", "id", id, "description", "x", "validate",
                "false",
                "validationsteps", "screenshot");
        assertEquals(431, stepsWithoutValidate.status());
        Answer userDriven = admin.call("updateBackupOffering", "id", id, "allowuserdrivenbackups", "false");
        assertEquals(431, userDriven.status());
        Answer unknown = admin.call("updateBackupOffering", "id", UUID.randomUUID().toString(), "name", "x");
        assertEquals(431, unknown.status());
        assertTrue(unknown.errorText(), unknown.errorText().contains("does not name an existing backup offering"));
        assertEquals(before, offeringTables());
    }

    @Test
    public void deleteRemovesTheOfferingFromListsAndFreesItsName() throws Exception {
        String id = created("short-lived").get("id").getAsString();
        Answer d = admin.call("deleteBackupOffering", "id", id);
        assertEquals(d.response().toString(), 200, d.status());
        assertTrue(d.response().get("success").getAsBoolean());
        assertEquals(0, io.kboss.test.api.ApiSession.count(admin.call("listBackupOfferings", "id", id).response()));
        Answer again = admin.call("deleteBackupOffering", "id", id);
        assertEquals(431, again.status());
        created("short-lived");
    }

    @Test
    public void userSeesPublicOfferingsAndThoseOfTheirDomainButCannotChangeAny() throws Exception {
        created("public");
        String sales = created("for-sales", "domainid", salesDomain).get("id").getAsString();
        created("for-ops", "domainid", opsDomain);
        Answer seen = salesUser.call("listBackupOfferings", "zoneid", zone);
        assertEquals(seen.response().toString(), 200, seen.status());
        assertEquals(List.of("public", "for-sales"), names(seen));
        assertEquals(2, io.kboss.test.api.ApiSession.count(seen.response()));

        String before = offeringTables();
        Answer create = salesUser.call("createBackupOffering", "name", "mine", "description", "d", "zoneid", zone,
                "allowuserdrivenbackups", "true");
        assertEquals(432, create.status());
        assertEquals(432, salesUser.call("updateBackupOffering", "id", sales, "name", "renamed").status());
        assertEquals(432, salesUser.call("deleteBackupOffering", "id", sales).status());
        assertEquals(before, offeringTables());
    }

    @Test
    public void kbossSettingsAreListedWithTheirDefaultsAndRangeChecked() throws Exception {
        Answer timeout = admin.call("listConfigurations", "name", "kboss.timeout");
        JsonObject t = timeout.response().getAsJsonArray("configuration").get(0).getAsJsonObject();
        assertEquals("43200", t.get("value").getAsString());
        assertEquals("zone", t.get("scope").getAsString());
        Answer tooShort = admin.call("updateConfiguration", "name", "backup.validation.boot.default.timeout", "value",
                "0");
        assertEquals(431, tooShort.status());
        Answer storage = admin.call("updateConfiguration", "name", "backup.compression.minimum.free.storage",
                "value", "1.5", "zoneid", zone);
        assertEquals(storage.response().toString(), 200, storage.status());
        assertEquals("1.5", storage.response().getAsJsonObject("configuration").get("value").getAsString());
    }

    @Test
    public void kbossIsListedAsABackupProvider() throws Exception {
        Answer providers = admin.call("listBackupProviders", "name", "kboss");
        assertEquals(providers.response().toString(), 200, providers.status());
        JsonObject kboss = providers.response().getAsJsonArray("providers").get(0).getAsJsonObject();
        assertEquals("kboss", kboss.get("name").getAsString());
        assertTrue(kboss.get("description").getAsString().contains("KVM Backup on Secondary Storage"));
    }

    @Test
    public void listApisDescribesTheOfferingCommandsAndTheirParameters() throws Exception {
        Answer apis = admin.call("listApis", "name", "createBackupOffering");
        JsonObject api = apis.response().getAsJsonArray("api").get(0).getAsJsonObject();
        List<String> params = new ArrayList<>();
        for (JsonElement p : api.getAsJsonArray("params")) {
            params.add(p.getAsJsonObject().get("name").getAsString());
        }
        assertTrue(params.toString(),
                params.containsAll(List.of("name", "description", "zoneid", "allowuserdrivenbackups",
                        "ispublic", "domainid", "compress", "compressionlibrary", "validate", "validationsteps",
                        "allowquickrestore", "allowextractfile", "backupchainsize")));
    }

    @Test
    public void aRealCloudStackClientCreatesListsUpdatesAndDeletesAnOffering() throws Exception {
        String adminId = admin.call("listUsers", "username", "admin").response().getAsJsonArray("user").get(0)
                .getAsJsonObject().get("id").getAsString();
        JsonObject keys = admin.call("registerUserKeys", "id", adminId).response().getAsJsonObject("userkeys");
        CloudStackCli cs = new CloudStackCli(server.baseUrl() + "/client/api", keys.get("apikey").getAsString(),
                keys.get("secretkey").getAsString());

        CloudStackCli.Run create = cs.run("--post", "createBackupOffering", "name=from cs",
                "description=made by python3-cs",
                "zoneid=" + zone, "allowuserdrivenbackups=true", "compress=true", "validate=true",
                "validationsteps=wait_for_boot,screenshot", "backupchainsize=3");
        assertEquals("", create.err());
        JsonObject o = JsonParser.parseString(create.out()).getAsJsonObject().getAsJsonObject("backupoffering");
        String id = o.get("id").getAsString();
        assertEquals("from cs", o.get("name").getAsString());
        assertEquals("wait_for_boot,screenshot", o.get("validationsteps").getAsString());

        CloudStackCli.Run list = cs.run("listBackupOfferings", "zoneid=" + zone, "keyword=cs");
        assertEquals("", list.err());
        JsonObject listed = JsonParser.parseString(list.out()).getAsJsonObject();
        assertEquals(1, io.kboss.test.api.ApiSession.count(listed));
        assertEquals(o, listed.getAsJsonArray("backupoffering").get(0));

        CloudStackCli.Run update = cs.run("updateBackupOffering", "id=" + id, "name=renamed by cs", "compress=false");
        assertEquals("", update.err());
        JsonObject u = JsonParser.parseString(update.out()).getAsJsonObject().getAsJsonObject("backupoffering");
        assertEquals("renamed by cs", u.get("name").getAsString());
        assertFalse(u.get("compress").getAsBoolean());

        String before = offeringTables();
        CloudStackCli.Run refused = cs.run("createBackupOffering", "name=bad", "description=d", "zoneid=" + zone,
                "allowuserdrivenbackups=true", "compressionlibrary=zlib");
        assertTrue(refused.err(), refused.err().contains("CloudStack error"));
        JsonObject error = JsonParser.parseString(refused.out()).getAsJsonObject()
                .getAsJsonObject("createbackupofferingresponse");
        assertEquals(431, error.get("errorcode").getAsInt());
        assertTrue(error.toString(), error.get("errortext").getAsString().contains("compressionlibrary"));
        assertEquals(before, offeringTables());

        CloudStackCli.Run delete = cs.run("deleteBackupOffering", "id=" + id);
        assertEquals("", delete.err());
        assertTrue(JsonParser.parseString(delete.out()).getAsJsonObject().get("success").getAsBoolean());
    }
}
