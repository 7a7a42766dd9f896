package io.kboss.server.app;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kboss.server.backup.BackupFrameworkSettings;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import java.util.HashSet;
import java.util.Set;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

public class SettingsOverHttpTest {
    private static TestServers servers;
    private static ApiClient admin;
    private static String zone;
    private static String cluster;
    private static String account;

    @BeforeClass
    public static void startServer() throws Exception {
        servers = TestServers.start("settings", b -> b.plugin(TestCommands.class));
        admin = servers.admin();
        zone = admin.call("createZone", "name", "z1").response("createZone").getAsJsonObject("zone").get("id")
                .getAsString();
        cluster = admin.call("addCluster", "clustername", "c1", "zoneid", zone).response("addCluster")
                .getAsJsonArray("cluster").get(0).getAsJsonObject().get("id").getAsString();
        account = admin.call("createAccount", "username", "acct", "password", "acct-password").response("createAccount")
                .getAsJsonObject("account").get("id").getAsString();
    }

    @AfterClass
    public static void stopServer() throws Exception {
        if (servers != null) {
            servers.close();
        }
    }

    private static JsonObject config(String name, String... scope) throws Exception {
        String[] kv = new String[scope.length + 2];
        kv[0] = "name";
        kv[1] = name;
        System.arraycopy(scope, 0, kv, 2, scope.length);
        ApiClient.Answer a = admin.call("listConfigurations", kv);
        assertEquals(a.raw().body(), 200, a.status());
        return a.response("listConfigurations").getAsJsonArray("configuration").get(0).getAsJsonObject();
    }

    private static ApiClient.Answer update(String name, String value, String... scope) throws Exception {
        String[] kv = new String[scope.length + 4];
        kv[0] = "name";
        kv[1] = name;
        kv[2] = "value";
        kv[3] = value;
        System.arraycopy(scope, 0, kv, 4, scope.length);
        return admin.call("updateConfiguration", kv);
    }

    @Test
    public void frameworkKeysAreListedWithDefaultsScopesAndTypes() throws Exception {
        JsonObject chain = config("backup.chain.size");
        assertEquals("8", chain.get("value").getAsString());
        assertEquals("8", chain.get("defaultvalue").getAsString());
        assertEquals("zone", chain.get("scope").getAsString());
        assertEquals("Integer", chain.get("type").getAsString());
        assertTrue(chain.get("isdynamic").getAsBoolean());
        assertEquals("global", config("backup.max.concurrent.operations").get("scope").getAsString());
        assertEquals("cluster", config("backup.max.concurrent.operations.per.host").get("scope").getAsString());
        assertEquals("kboss", config("backup.framework.provider.plugin").get("value").getAsString());
        assertEquals("true", config("backup.framework.enabled").get("value").getAsString());
        Set<String> names = new HashSet<>();
        for (JsonElement e : admin.call("listConfigurations", "pagesize", "-1").response("listConfigurations")
                .getAsJsonArray("configuration")) {
            names.add(e.getAsJsonObject().get("name").getAsString());
        }
        assertTrue(names.toString(), names.contains("kboss.timeout"));
    }

    @Test
    public void valuesResolveFromTheMostSpecificScopeThatHasOne() throws Exception {
        String key = "backup.max.concurrent.operations.per.host";
        assertEquals(200, update(key, "4").status());
        assertEquals("4", config(key, "clusterid", cluster).get("value").getAsString());
        assertEquals(200, update(key, "1", "clusterid", cluster).status());
        assertEquals("1", config(key, "clusterid", cluster).get("value").getAsString());
        assertEquals("4", config(key).get("value").getAsString());
        JsonObject reset = admin.call("resetConfiguration", "name", key, "clusterid", cluster)
                .response("resetConfiguration")
                .getAsJsonObject("configuration");
        assertEquals("4", reset.get("value").getAsString());
        admin.call("resetConfiguration", "name", key);
        assertEquals("2", config(key, "clusterid", cluster).get("value").getAsString());
    }

    @Test
    public void zoneValueWinsOverGlobalAndTakesEffectWithoutRestart() throws Exception {
        Settings settings = servers.server.bean(Settings.class);
        long zoneId = servers.server.bean(io.kboss.server.inventory.Zones.class)
                .zone("zoneid", java.util.UUID.fromString(zone)).id();
        update("backup.chain.size", "5");
        update("backup.chain.size", "3", "zoneid", zone);
        assertEquals(Integer.valueOf(3), settings.value(BackupFrameworkSettings.CHAIN_SIZE, ScopeChain.zone(zoneId)));
        assertEquals(Integer.valueOf(5), settings.value(BackupFrameworkSettings.CHAIN_SIZE, ScopeChain.GLOBAL_ONLY));
        // An account scope does not apply to a zone key: resolution skips scopes the key does not allow.
        assertEquals(Integer.valueOf(3), settings.value(BackupFrameworkSettings.CHAIN_SIZE,
                new ScopeChain(1L, null, zoneId)));
        admin.call("resetConfiguration", "name", "backup.chain.size", "zoneid", zone);
        admin.call("resetConfiguration", "name", "backup.chain.size");
        assertEquals(Integer.valueOf(8), settings.value(BackupFrameworkSettings.CHAIN_SIZE, ScopeChain.zone(zoneId)));
    }

    @Test
    public void accountValueWinsForAccountKeysAndTheRequestsZoneAndClusterCompleteTheChain() throws Exception {
        String key = "test.account.quota";
        assertEquals(200, update(key, "20").status());
        assertEquals(200, update(key, "30", "accountid", account).status());
        assertEquals("30", config(key, "accountid", account).get("value").getAsString());
        assertEquals("20", config(key).get("value").getAsString());
        assertEquals(431, update(key, "5", "zoneid", zone).status());
        update("backup.max.concurrent.operations.per.host", "7", "clusterid", cluster);
        ApiClient.Answer listed = admin.call("listConfigurations", "accountid", account, "clusterid", cluster,
                "pagesize", "-1");
        boolean sawClusterKey = false;
        for (JsonElement e : listed.response("listConfigurations").getAsJsonArray("configuration")) {
            JsonObject c = e.getAsJsonObject();
            if (c.get("name").getAsString().equals(key)) {
                assertEquals("30", c.get("value").getAsString());
            }
            sawClusterKey |= c.get("name").getAsString().equals("backup.max.concurrent.operations.per.host");
        }
        // The listing shows the keys settable at the most specific scope given: the account.
        assertFalse(sawClusterKey);
        long accountId = servers.server.bean(io.kboss.server.auth.AccountRepository.class)
                .findAccountByUuid(account).orElseThrow().id();
        Settings settings = servers.server.bean(Settings.class);
        var c = servers.server.bean(io.kboss.server.inventory.Zones.class).cluster("clusterid",
                java.util.UUID.fromString(cluster));
        // One chain names the account with its cluster and zone: each key reads the scopes it allows.
        ScopeChain chain = new ScopeChain(accountId, c.id(), c.zoneId());
        assertEquals(Integer.valueOf(30), settings.value(TestCommands.ACCOUNT_QUOTA, chain));
        assertEquals(Integer.valueOf(7), settings.value(BackupFrameworkSettings.MAX_CONCURRENT_PER_HOST, chain));
        assertEquals(Integer.valueOf(8), settings.value(BackupFrameworkSettings.CHAIN_SIZE, chain));
        admin.call("resetConfiguration", "name", key, "accountid", account);
        assertEquals(Integer.valueOf(20),
                settings.value(TestCommands.ACCOUNT_QUOTA, new ScopeChain(accountId, null, null)));
        admin.call("resetConfiguration", "name", key);
        admin.call("resetConfiguration", "name", "backup.max.concurrent.operations.per.host", "clusterid", cluster);
    }

    @Test
    public void clusterOutsideTheGivenZoneIsRefused() throws Exception {
        String other = admin.call("createZone", "name", "z-other").response("createZone").getAsJsonObject("zone")
                .get("id").getAsString();
        assertEquals(431, admin.call("listConfigurations", "clusterid", cluster, "zoneid", other).status());
    }

    @Test
    public void badTypesRangesAndValuesAreRefused431AndChangeNothing() throws Exception {
        ApiClient.Answer a = update("backup.chain.size", "eight", "zoneid", zone);
        assertEquals(431, a.status());
        assertTrue(a.errorText("updateConfiguration").contains("Integer"));
        assertEquals(431, update("backup.framework.enabled", "yes").status());
        ApiClient.Answer provider = update("backup.framework.provider.plugin", "veeam", "zoneid", zone);
        assertEquals(431, provider.status());
        assertTrue(provider.errorText("updateConfiguration").contains("kboss"));
        assertEquals("8", config("backup.chain.size", "zoneid", zone).get("value").getAsString());
    }

    @Test
    public void aKeyCanBeSetOnlyAtTheScopesItsDefinitionAllows() throws Exception {
        ApiClient.Answer a = update("backup.max.concurrent.operations", "3", "zoneid", zone);
        assertEquals(431, a.status());
        assertTrue(a.errorText("updateConfiguration"), a.errorText("updateConfiguration").contains("only globally"));
        assertEquals(431, update("backup.chain.size", "3", "accountid", account).status());
        assertEquals(431, update("backup.chain.size", "3", "zoneid", zone, "clusterid", cluster).status());
        assertEquals(431, update("no.such.key", "3").status());
        assertEquals(431, update("backup.chain.size", "3", "zoneid", "3f2b5a4e-1c7d-4e0a-9b8e-2d5f6a7b8c9d").status());
    }

    @Test
    public void listingAtAZoneShowsOnlyKeysSettablePerZone() throws Exception {
        for (JsonElement e : admin.call("listConfigurations", "zoneid", zone, "pagesize", "-1")
                .response("listConfigurations").getAsJsonArray("configuration")) {
            assertEquals(e.toString(), "zone", e.getAsJsonObject().get("scope").getAsString());
        }
        JsonObject keyword = admin.call("listConfigurations", "keyword", "chain").response("listConfigurations");
        assertTrue(ApiClient.count(keyword) >= 1);
        for (JsonElement e : keyword.getAsJsonArray("configuration")) {
            assertTrue(e.toString(), e.getAsJsonObject().get("name").getAsString().contains("chain"));
        }
        assertFalse(admin.call("listConfigurations", "category", "Backup").response("listConfigurations")
                .getAsJsonArray("configuration").isEmpty());
    }
}
