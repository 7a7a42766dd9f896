package io.kboss.plugin.backup.kboss.offering.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.kboss.plugin.backup.kboss.orchestration.OrchestrationCloud;
import io.kboss.plugin.backup.kboss.orchestration.OrchestrationServer;
import io.kboss.server.backup.BackupProviderRegistry;
import io.kboss.server.settings.SettingsContributor;
import io.kboss.server.settings.SettingsRegistry;
import io.kboss.server.api.Caller;
import io.kboss.server.api.Role;
import io.kboss.server.api.dispatch.ApiAnswer;
import io.kboss.server.api.dispatch.ApiDispatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The offering commands as the server runs them: the framework's and the plugin's configurations in a
 * Spring context (the orchestration tier's server, loops off), called through the framework's dispatcher
 * (role check, parameter validation, CloudStack envelope) on real MariaDB. The HTTP round trip is
 * covered in the test module.
 */
public class OfferingCommandsTest {
    private static OrchestrationCloud cloud;
    private static OrchestrationServer server;
    private static ApiDispatcher dispatcher;
    private static JdbcTemplate jdbc;
    private static final Caller ROOT = new Caller(1, "u1", "admin", 1, "a1", "admin", Role.ROOT_ADMIN, 1, "d1", "/");
    private String zone;

    @BeforeClass
    public static void start() throws Exception {
        cloud = new OrchestrationCloud("offering_commands");
        server = cloud.server("offering-commands", 1);
        dispatcher = server.bean(ApiDispatcher.class);
        jdbc = cloud.sql;
    }

    @AfterClass
    public static void stop() throws Exception {
        cloud.close();
    }

    @Before
    public void freshZone() {
        zone = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO zone (uuid, name, created) VALUES (?, ?, NOW(3))", zone,
                "zone-" + zone.substring(0, 8));
    }

    private static ApiAnswer call(Caller caller, String command, String... keyValues) {
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            params.put(keyValues[i], keyValues[i + 1]);
        }
        return dispatcher.dispatch(command, params, caller);
    }

    private ApiAnswer create(String... extra) {
        List<String> kv = new ArrayList<>(List.of("name", "gold", "description", "daily", "zoneid", zone,
                "allowuserdrivenbackups", "true"));
        kv.addAll(List.of(extra));
        return call(ROOT, "createBackupOffering", kv.toArray(new String[0]));
    }

    private static JsonObject body(ApiAnswer a, String command) {
        return a.envelope().getAsJsonObject(command.toLowerCase() + "response");
    }

    private static void assertRefused(ApiAnswer a, String command, int status, String fragment) {
        JsonObject b = body(a, command);
        assertEquals(b.toString(), status, a.httpStatus());
        assertEquals(status, b.get("errorcode").getAsInt());
        assertTrue(b.get("errortext").getAsString(), b.get("errortext").getAsString().contains(fragment));
    }

    private static long offeringRows() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM backup_offering", Long.class)
                + 1000 * jdbc.queryForObject("SELECT COUNT(*) FROM backup_offering_details", Long.class);
    }

    @Test
    public void createAnswersTheOfferingInCloudStacksShape() {
        ApiAnswer a = create("compress", "true", "validate", "true", "validationsteps", "screenshot",
                "allowquickrestore", "true", "backupchainsize", "5");
        assertEquals(200, a.httpStatus());
        JsonObject o = body(a, "createBackupOffering").getAsJsonObject("backupoffering");
        assertEquals("gold", o.get("name").getAsString());
        assertEquals(zone, o.get("zoneid").getAsString());
        assertEquals("zone-" + zone.substring(0, 8), o.get("zonename").getAsString());
        assertEquals("kboss", o.get("provider").getAsString());
        assertEquals(o.get("id").getAsString(), o.get("externalid").getAsString());
        assertTrue(o.get("allowuserdrivenbackups").getAsBoolean());
        assertTrue(o.get("created").getAsString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+0000"));
        assertTrue(o.get("compress").getAsBoolean());
        assertEquals("zstd", o.get("compressionlibrary").getAsString());
        assertEquals("screenshot", o.get("validationsteps").getAsString());
        assertTrue(o.get("allowquickrestore").getAsBoolean());
        assertFalse(o.get("allowextractfile").getAsBoolean());
        assertEquals(5, o.get("backupchainsize").getAsInt());
        assertFalse("a public offering has no domain", o.has("domainid"));
    }

    @Test
    public void refusedCreateAnswers431NamingTheParameterAndChangesNothing() {
        long before = offeringRows();
        assertRefused(create("compressionlibrary", "zlib"), "createBackupOffering", 431,
                "compressionlibrary is only allowed when compress=true");
        assertRefused(create("validationsteps", "screenshot"), "createBackupOffering", 431,
                "validationsteps is only allowed when validate=true");
        assertRefused(create("validate", "true", "validationsteps", "reboot"), "createBackupOffering", 431, "'reboot'");
        assertRefused(create("backupchainsize", "-1"), "createBackupOffering", 431, "backupchainsize");
        assertRefused(create("ispublic", "false"), "createBackupOffering", 431,
                "domainid is required when ispublic=false");
        assertRefused(create("domainid", UUID.randomUUID().toString()), "createBackupOffering", 431,
                "does not name an existing domain");
        assertRefused(call(ROOT, "createBackupOffering", "name", "g", "description", "d", "zoneid", zone,
                "allowuserdrivenbackups", "false"), "createBackupOffering", 431, "allowuserdrivenbackups must be true");
        assertRefused(call(ROOT, "createBackupOffering", "name", "g", "description", "d", "zoneid", zone),
                "createBackupOffering", 431, "missing parameter allowuserdrivenbackups");
        assertRefused(create("compress", "maybe"), "createBackupOffering", 431, "compress must be true or false");
        assertEquals(before, offeringRows());
    }

    @Test
    public void usersCannotCreateUpdateOrDeleteButCanList() {
        Caller user = new Caller(9, "u9", "bob", 9, "a9", "bob", Role.USER, 1, "d1", "/");
        String id = body(create(), "createBackupOffering").getAsJsonObject("backupoffering").get("id").getAsString();
        long before = offeringRows();
        assertRefused(call(user, "createBackupOffering", "name", "x", "description", "d", "zoneid", zone,
                "allowuserdrivenbackups", "true"), "createBackupOffering", 432, "not available for user");
        assertRefused(call(user, "updateBackupOffering", "id", id, "name", "x"), "updateBackupOffering", 432,
                "not available");
        assertRefused(call(user, "deleteBackupOffering", "id", id), "deleteBackupOffering", 432, "not available");
        assertEquals(before, offeringRows());
        JsonObject list = body(call(user, "listBackupOfferings", "zoneid", zone), "listBackupOfferings");
        assertEquals(1, list.get("count").getAsInt());
    }

    @Test
    public void listUpdateAndDeleteRoundTrip() {
        String id = body(create("compress", "true"), "createBackupOffering").getAsJsonObject("backupoffering")
                .get("id").getAsString();
        ApiAnswer updated = call(ROOT, "updateBackupOffering", "id", id, "name", "platinum", "compress", "false");
        assertEquals(200, updated.httpStatus());
        JsonObject u = body(updated, "updateBackupOffering").getAsJsonObject("backupoffering");
        assertEquals("platinum", u.get("name").getAsString());
        assertFalse(u.get("compress").getAsBoolean());
        assertFalse(u.has("compressionlibrary"));
        JsonArray listed = body(call(ROOT, "listBackupOfferings", "id", id), "listBackupOfferings")
                .getAsJsonArray("backupoffering");
        assertEquals("platinum", listed.get(0).getAsJsonObject().get("name").getAsString());
        ApiAnswer deleted = call(ROOT, "deleteBackupOffering", "id", id);
        assertTrue(body(deleted, "deleteBackupOffering").get("success").getAsBoolean());
        assertFalse("an empty list is {}, as in CloudStack",
                body(call(ROOT, "listBackupOfferings", "id", id), "listBackupOfferings").has("count"));
        assertRefused(call(ROOT, "deleteBackupOffering", "id", id), "deleteBackupOffering", 431,
                "does not name an existing backup offering");
    }

    @Test
    public void kbossSettingsAreRegisteredWithTheirDefaultsAndScopes() {
        SettingsRegistry registry = server.bean(SettingsRegistry.class);
        assertEquals("43200", registry.find("kboss.timeout").defaultText());
        assertEquals("zone", registry.find("kboss.timeout").scope().apiName());
        assertEquals("1.0", registry.find("backup.compression.minimum.free.storage").defaultText());
        assertEquals("account", registry.find("backup.validation.end.chain.on.fail").scope().apiName());
        assertEquals("cluster", registry.find("backup.compression.timeout").scope().apiName());
        assertTrue(server.beans(SettingsContributor.class).size() >= 2);
        assertEquals("kboss", server.bean(BackupProviderRegistry.class).find("kboss").name());
    }
}
