package io.kboss.server.app;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Resource limits over HTTP (issue 12 item 8): updateResourceLimit and listResourceLimits with
 * CloudStack's parameters, defaults read from the max.account.* / max.domain.* settings, the
 * permission rules (users change nothing, a domain administrator neither their own domain's nor their
 * own account's limits, and no limit above the domain's above it), and listAccounts' limit fields.
 */
public class ResourceLimitsOverHttpTest {
    private static TestServers servers;
    private static ApiClient admin;
    private static ApiClient domainAdmin;
    private static ApiClient user;
    private static String quota;
    private static String team;

    @BeforeClass
    public static void startServer() throws Exception {
        servers = TestServers.start("limits");
        admin = servers.admin();
        quota = ok(admin.call("createDomain", "name", "quota"), "createDomain").getAsJsonObject("domain").get("id")
                .getAsString();
        team = ok(admin.call("createDomain", "name", "team", "parentdomainid", quota), "createDomain")
                .getAsJsonObject("domain").get("id").getAsString();
        ok(admin.call("createAccount", "username", "qadmin", "password", "qadmin-password", "accounttype", "2",
                "domainid", quota), "createAccount");
        ok(admin.call("createAccount", "username", "quser", "password", "quser-password", "domainid", team),
                "createAccount");
        domainAdmin = login("qadmin", "qadmin-password", "/quota");
        user = login("quser", "quser-password", "/quota/team");
    }

    @AfterClass
    public static void stopServer() throws Exception {
        if (servers != null) {
            servers.close();
        }
    }

    private static ApiClient login(String username, String password, String domain) throws Exception {
        return servers.client().login(username, password, domain);
    }

    private static JsonObject ok(ApiClient.Answer a, String command) {
        assertEquals(a.raw().body(), 200, a.status());
        return a.response(command);
    }

    private static long max(ApiClient c, String typeName, String... owner) throws Exception {
        String[] kv = new String[owner.length + 2];
        kv[0] = "resourcetypename";
        kv[1] = typeName;
        System.arraycopy(owner, 0, kv, 2, owner.length);
        JsonArray limits = ok(c.call("listResourceLimits", kv), "listResourceLimits").getAsJsonArray("resourcelimit");
        assertEquals(1, limits.size());
        return limits.get(0).getAsJsonObject().get("max").getAsLong();
    }

    @Test
    public void defaultsComeFromTheSettingsAndListingShowsEveryTypeWithCloudStacksNumbers() throws Exception {
        JsonArray all = ok(user.call("listResourceLimits"), "listResourceLimits").getAsJsonArray("resourcelimit");
        assertEquals(5, all.size());
        boolean sawBackup = false;
        for (var e : all) {
            JsonObject l = e.getAsJsonObject();
            assertEquals("quser", l.get("account").getAsString());
            if ("backup".equals(l.get("resourcetypename").getAsString())) {
                sawBackup = true;
                assertEquals("12", l.get("resourcetype").getAsString());
            }
            if ("backup_storage".equals(l.get("resourcetypename").getAsString())) {
                assertEquals("13", l.get("resourcetype").getAsString());
                assertEquals("CloudStack's max.account.backup.storage, in GiB", 400, l.get("max").getAsLong());
            }
        }
        assertTrue(sawBackup);
        ok(admin.call("createAccount", "username", "fresh", "password", "fresh-password", "domainid", team),
                "createAccount");
        assertEquals(20, max(admin, "backup", "account", "fresh", "domainid", team));
        ok(admin.call("updateConfiguration", "name", "max.account.backups", "value", "7"), "updateConfiguration");
        try {
            assertEquals("the setting is read when no limit was set", 7,
                    max(admin, "backup", "account", "fresh", "domainid", team));
            assertEquals("the domain default, in GiB", 800, max(admin, "backup_storage", "domainid", team));
        } finally {
            ok(admin.call("resetConfiguration", "name", "max.account.backups"), "resetConfiguration");
        }
    }

    @Test
    public void usersCannotChangeLimitsAndBadInputChangesNothing() throws Exception {
        ApiClient.Answer refused = user.call("updateResourceLimit", "resourcetype", "12", "max", "1000", "account",
                "quser", "domainid", team);
        assertTrue(refused.raw().body(), refused.status() == 432 || refused.status() == 401);
        ApiClient.Answer badType = admin.call("updateResourceLimit", "resourcetype", "3", "max", "1", "domainid",
                team);
        assertEquals(badType.raw().body(), 431, badType.status());
        assertTrue(badType.raw().body(), badType.raw().body().contains("12 (backup)"));
        ApiClient.Answer badMax = admin.call("updateResourceLimit", "resourcetype", "12", "max", "-5", "domainid",
                team);
        assertEquals(431, badMax.status());
        assertTrue(badMax.raw().body(), badMax.raw().body().contains("max"));
        ApiClient.Answer noOwner = admin.call("updateResourceLimit", "resourcetype", "12", "max", "5");
        assertEquals(431, noOwner.status());
        ApiClient.Answer root = admin.call("updateResourceLimit", "resourcetype", "12", "max", "5", "domainid",
                ok(admin.call("listDomains", "name", "ROOT"), "listDomains").getAsJsonArray("domain").get(0)
                        .getAsJsonObject().get("id").getAsString());
        assertEquals(root.raw().body(), 431, root.status());
    }

    @Test
    public void aDomainAdminWorksBelowTheirDomainAndNeverAboveItsLimit() throws Exception {
        ok(admin.call("updateResourceLimit", "resourcetype", "12", "max", "10", "domainid", quota),
                "updateResourceLimit");
        assertEquals(10, max(domainAdmin, "backup", "domainid", quota));

        ApiClient.Answer own = domainAdmin.call("updateResourceLimit", "resourcetype", "12", "max", "100",
                "domainid", quota);
        assertEquals(own.raw().body(), 432, own.status());
        ApiClient.Answer ownAccount = domainAdmin.call("updateResourceLimit", "resourcetype", "12", "max", "5",
                "account", "qadmin", "domainid", quota);
        assertEquals(ownAccount.raw().body(), 432, ownAccount.status());
        assertEquals("nothing changed", 10, max(admin, "backup", "domainid", quota));

        ApiClient.Answer above = domainAdmin.call("updateResourceLimit", "resourcetype", "12", "max", "20",
                "domainid", team);
        assertEquals(above.raw().body(), 431, above.status());
        assertTrue(above.raw().body(), above.raw().body().contains("/quota/ allows at most 10"));
        ApiClient.Answer unlimited = domainAdmin.call("updateResourceLimit", "resourcetype", "backup", "domainid",
                team);
        assertEquals("resourcetype is a number, as CloudStack takes it", 431, unlimited.status());
        JsonObject set = ok(domainAdmin.call("updateResourceLimit", "resourcetype", "12", "max", "5", "domainid",
                team), "updateResourceLimit").getAsJsonObject("resourcelimit");
        assertEquals("backup", set.get("resourcetypename").getAsString());
        assertEquals(5, set.get("max").getAsLong());
        ApiClient.Answer accountAbove = domainAdmin.call("updateResourceLimit", "resourcetype", "12", "max", "6",
                "account", "quser", "domainid", team);
        assertEquals(accountAbove.raw().body(), 431, accountAbove.status());
        JsonObject account = ok(domainAdmin.call("updateResourceLimit", "resourcetype", "12", "max", "3", "account",
                "quser", "domainid", team), "updateResourceLimit").getAsJsonObject("resourcelimit");
        assertEquals("quser", account.get("account").getAsString());
        assertEquals(3, max(user, "backup"));

        JsonObject listed = ok(user.call("listAccounts"), "listAccounts").getAsJsonArray("account").get(0)
                .getAsJsonObject();
        assertEquals("3", listed.get("backuplimit").getAsString());
        assertEquals(0, listed.get("backuptotal").getAsLong());
        assertEquals("3", listed.get("backupavailable").getAsString());
        assertEquals("400", listed.get("backupstoragelimit").getAsString());
        assertEquals(0, listed.get("backupstoragetotal").getAsLong());
        assertEquals("400", listed.get("backupstorageavailable").getAsString());
        JsonObject rootAdmin = ok(admin.call("listAccounts", "name", "admin"), "listAccounts")
                .getAsJsonArray("account").get(0).getAsJsonObject();
        assertEquals("root administrators are not limited", "Unlimited", rootAdmin.get("backuplimit")
                .getAsString());
    }
}
