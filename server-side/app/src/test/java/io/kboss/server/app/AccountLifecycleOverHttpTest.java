package io.kboss.server.app;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Accounts, users and domains through their lifecycle over HTTP, on two management servers sharing
 * one MariaDB: CloudStack's login answer and session cookies, disable/enable/delete and what they
 * do to credentials on the other server, refusals that keep owned VMs from being orphaned, and the
 * unique keys that hold under concurrent creates.
 */
public class AccountLifecycleOverHttpTest {
    private static TestServers servers;
    private static KbossServer second;
    private static ApiClient admin;

    @BeforeClass
    public static void startServers() throws Exception {
        servers = TestServers.start("lifecycle");
        second = KbossServer.start(servers.config().serverName("ms-second")
                .workFolder(Files.createTempDirectory("kboss-lifecycle-b")).build());
        admin = servers.admin();
    }

    @AfterClass
    public static void stopServers() throws Exception {
        if (second != null) {
            second.close();
        }
        if (servers != null) {
            servers.close();
        }
    }

    private static JsonObject ok(ApiClient.Answer a, String command) {
        assertEquals(a.raw().body(), 200, a.status());
        return a.response(command);
    }

    /** Runs an async command to its end and answers the finished job. */
    private static JsonObject job(ApiClient c, String command, String... kv) throws Exception {
        String jobId = ok(c.call(command, kv), command).get("jobid").getAsString();
        for (int i = 0; i < 200; i++) {
            JsonObject j = ok(c.call("queryAsyncJobResult", "jobid", jobId), "queryAsyncJobResult");
            if (j.get("jobstatus").getAsInt() != 0) {
                return j;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(command + " did not finish within 10 s");
    }

    private static String createAccount(String username, String... more) throws Exception {
        String[] kv = new String[4 + more.length];
        kv[0] = "username";
        kv[1] = username;
        kv[2] = "password";
        kv[3] = username + "-password";
        System.arraycopy(more, 0, kv, 4, more.length);
        return ok(admin.call("createAccount", kv), "createAccount").getAsJsonObject("account").get("id").getAsString();
    }

    private static String userId(String username) throws Exception {
        return ok(admin.call("listUsers", "username", username), "listUsers").getAsJsonArray("user").get(0)
                .getAsJsonObject().get("id").getAsString();
    }

    private static ApiClient keysOf(String username, String baseUrl) throws Exception {
        JsonObject keys = ok(admin.call("registerUserKeys", "id", userId(username)), "registerUserKeys")
                .getAsJsonObject("userkeys");
        return new ApiClient(baseUrl).keys(keys.get("apikey").getAsString(), keys.get("secretkey").getAsString());
    }

    @Test
    public void loginAnswersCloudStacksFieldsAndTypesAndSetsTheSessionKeyCookie() throws Exception {
        createAccount("grace", "firstname", "Grace", "lastname", "Hopper", "email", "grace@example.com", "timezone",
                "Asia/Kolkata");
        ApiClient.Answer login = servers.client().post(ApiClient.params("login", "username", "grace", "password",
                "grace-password"), null);
        JsonObject a = ok(login, "login");
        assertTrue("type is a string, as CloudStack answers it", a.get("type").getAsJsonPrimitive().isString());
        assertEquals("0", a.get("type").getAsString());
        assertTrue("timeout is a number", a.get("timeout").getAsJsonPrimitive().isNumber());
        assertEquals("Grace", a.get("firstname").getAsString());
        assertEquals("Hopper", a.get("lastname").getAsString());
        assertEquals("Asia/Kolkata", a.get("timezone").getAsString());
        assertEquals("5.5", a.get("timezoneoffset").getAsString());
        assertEquals("grace", a.get("account").getAsString());
        List<String> cookies = login.raw().headers().allValues("Set-Cookie");
        assertTrue(cookies.toString(), cookies.get(0).startsWith("JSESSIONID="));
        assertTrue(cookies.toString(), cookies.get(1).startsWith("sessionkey=" + a.get("sessionkey").getAsString()
                + ";"));
        assertTrue(cookies.get(1), cookies.get(1).contains("HttpOnly") && cookies.get(1).contains("SameSite=Strict"));

        String both = login.raw().headers().firstValue("Set-Cookie").orElseThrow().split(";")[0] + "; "
                + cookies.get(1).split(";")[0];
        ApiClient anyone = servers.client();
        assertEquals("the key as a cookie is enough", 200,
                anyone.get(ApiClient.params("listZones"), both).status());
        assertEquals("the key as a parameter is enough", 200, anyone.get(ApiClient.params("listZones",
                "sessionkey", a.get("sessionkey").getAsString()), both.split(";")[0]).status());
        assertEquals("a key parameter that contradicts the cookie is refused", 401,
                anyone.get(ApiClient.params("listZones", "sessionkey", "forged"), both).status());
        assertEquals("the session cookie without any key is refused", 401,
                anyone.get(ApiClient.params("listZones"), both.split(";")[0]).status());
    }

    @Test
    public void aDisabledAccountsSessionsAndKeysStopOnEveryServerWhenTheJobEnds() throws Exception {
        String account = createAccount("dora");
        ApiClient session = servers.client().login("dora", "dora-password");
        ApiClient signedOnSecond = keysOf("dora", second.baseUrl());
        assertEquals("the second server now holds dora's key row", 200, signedOnSecond.call("listZones").status());

        JsonObject done = job(admin, "disableAccount", "id", account, "lock", "false");
        assertEquals(done.toString(), 1, done.get("jobstatus").getAsInt());
        assertEquals("disabled", done.getAsJsonObject("jobresult").getAsJsonObject("account").get("state")
                .getAsString());
        assertEquals("signed call on the other server", 401, signedOnSecond.call("listZones").status());
        assertEquals("session", 401, session.call("listZones").status());
        assertEquals("login", 531, servers.client().post(ApiClient.params("login", "username", "dora", "password",
                "dora-password"), null).status());

        ok(admin.call("enableAccount", "id", account), "enableAccount");
        // A server that read the disabled row keeps it for at most SignedCallUsers.TTL (1 s): re-enabling
        // is not hurried the way taking access away is.
        int status = 0;
        for (int i = 0; i < 30 && status != 200; i++) {
            Thread.sleep(100);
            status = signedOnSecond.call("listZones").status();
        }
        assertEquals("signed call on the other server within 3 s of enableAccount", 200, status);
        assertEquals(200, servers.client().login("dora", "dora-password").call("listZones").status());
    }

    @Test
    public void usersAreUpdatedDisabledEnabledAndDeletedAndTheirNameIsFreedAgain() throws Exception {
        createAccount("emil");
        String emil = userId("emil");
        ApiClient self = servers.client().login("emil", "emil-password");
        ApiClient.Answer noCurrent = self.call("updateUser", "id", emil, "password", "new-emil-password");
        assertEquals(431, noCurrent.status());
        assertTrue(noCurrent.errorText("updateUser").contains("currentpassword"));
        JsonObject updated = ok(self.call("updateUser", "id", emil, "password", "new-emil-password",
                "currentpassword", "emil-password", "lastname", "Artin", "timezone", "Europe/Vienna"), "updateUser")
                .getAsJsonObject("user");
        assertEquals("Artin", updated.get("lastname").getAsString());
        assertEquals(431, self.call("updateUser", "id", emil, "timezone", "Mars/Olympus").status());

        JsonObject disabled = job(admin, "disableUser", "id", emil);
        assertEquals("disabled", disabled.getAsJsonObject("jobresult").getAsJsonObject("user").get("state")
                .getAsString());
        assertEquals(401, self.call("listZones").status());
        ok(admin.call("enableUser", "id", emil), "enableUser");
        ApiClient again = servers.client().login("emil", "new-emil-password");
        assertEquals("a user may not delete users", 432, again.call("deleteUser", "id", emil).status());
        ok(admin.call("deleteUser", "id", emil), "deleteUser");
        assertEquals(401, again.call("listZones").status());
        assertEquals(0, ApiClient.count(ok(admin.call("listUsers", "username", "emil"), "listUsers")));
        ok(admin.call("createUser", "username", "emil", "password", "emil-is-back", "account", "emil"), "createUser");
    }

    @Test
    public void anAccountOwningVmsIsNotDeletedAndCleanupGivesADomainsVmsBackToAdmin() throws Exception {
        String zone = ok(admin.call("createZone", "name", "owned-vms"), "createZone").getAsJsonObject("zone")
                .get("id").getAsString();
        String domain = ok(admin.call("createDomain", "name", "owners"), "createDomain").getAsJsonObject("domain")
                .get("id").getAsString();
        ok(admin.call("createDomain", "name", "eu", "parentdomainid", domain), "createDomain");
        String account = createAccount("fritz", "domainid", domain);
        insertVm("fritz-vm", "fritz", zone);

        ApiClient.Answer refused = admin.call("deleteAccount", "id", account);
        assertEquals(536, refused.status());
        assertTrue(refused.errorText("deleteAccount"), refused.errorText("deleteAccount")
                .contains("Account fritz still owns 1 VM(s) (fritz-vm)"));
        ApiClient.Answer domainRefused = admin.call("deleteDomain", "id", domain);
        assertEquals(536, domainRefused.status());
        String text = domainRefused.errorText("deleteDomain");
        assertTrue(text, text.contains("1 account(s) (fritz), 1 subdomain(s), 1 VM(s) (fritz-vm)"));
        assertTrue(text, text.contains("cleanup=true"));

        JsonObject done = job(admin, "deleteDomain", "id", domain, "cleanup", "true");
        assertEquals(done.toString(), 1, done.get("jobstatus").getAsInt());
        JsonObject vm = ok(admin.call("listVirtualMachines", "name", "fritz-vm"), "listVirtualMachines")
                .getAsJsonArray("virtualmachine").get(0).getAsJsonObject();
        assertEquals("admin", vm.get("account").getAsString());
        assertEquals(0, ApiClient.count(ok(admin.call("listAccounts", "name", "fritz"), "listAccounts")));
        assertEquals(0, ApiClient.count(ok(admin.call("listDomains", "name", "eu"), "listDomains")));
        assertEquals(531, servers.client().post(ApiClient.params("login", "username", "fritz", "password",
                "fritz-password"), null).status());
    }

    @Test
    public void theAdminAccountAndOnesOwnAccountAreNeitherDisabledNorDeleted() throws Exception {
        String adminAccount = ok(admin.call("listAccounts", "name", "admin"), "listAccounts")
                .getAsJsonArray("account").get(0).getAsJsonObject().get("id").getAsString();
        ApiClient.Answer a = admin.call("deleteAccount", "id", adminAccount);
        assertEquals(431, a.status());
        assertTrue(a.errorText("deleteAccount"), a.errorText("deleteAccount").contains("discovered on hosts"));
        assertEquals(431, admin.call("disableAccount", "id", adminAccount, "lock", "true").status());
        assertEquals(431, admin.call("disableUser", "id", userId("admin")).status());
        String root = ok(admin.call("listDomains", "name", "ROOT"), "listDomains").getAsJsonArray("domain").get(0)
                .getAsJsonObject().get("id").getAsString();
        assertEquals(431, admin.call("deleteDomain", "id", root, "cleanup", "true").status());
    }

    @Test
    public void anAccountNamedWithoutItsDomainIsRefusedInTheWordsTheLimitCommandsUseAndNothingChanges()
            throws Exception {
        String domain = ok(admin.call("createDomain", "name", "named"), "createDomain").getAsJsonObject("domain")
                .get("id").getAsString();
        createAccount("greta", "domainid", domain);

        ApiClient.Answer disable = admin.call("disableAccount", "account", "greta", "lock", "true");
        ApiClient.Answer limit = admin.call("updateResourceLimit", "resourcetype", "12", "max", "3", "account",
                "greta");
        assertEquals(431, disable.status());
        assertEquals(431, limit.status());
        String text = disable.errorText("disableAccount");
        assertTrue(text, text.startsWith("Parameter account needs domainid"));
        assertEquals("one wording for one rule", limit.errorText("updateResourceLimit"), text);
        ApiClient.Answer unnamed = admin.call("updateAccount", "newname", "gretchen");
        assertEquals(431, unnamed.status());
        assertTrue(unnamed.errorText("updateAccount"), unnamed.errorText("updateAccount")
                .contains("Name the account with id, or with account and domainid together"));
        JsonObject greta = ok(admin.call("listAccounts", "name", "greta", "listall", "true"), "listAccounts")
                .getAsJsonArray("account").get(0).getAsJsonObject();
        assertEquals("enabled", greta.get("state").getAsString());
    }

    @Test
    public void twoConcurrentCreateDomainsOfOnePathOnTwoServersLetExactlyOneWin() throws Exception {
        ApiClient onSecond = new ApiClient(second.baseUrl()).login("admin", TestServers.ADMIN_PASSWORD);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 5; round++) {
                String name = "race-" + round;
                List<Callable<Integer>> calls = new java.util.ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    ApiClient c = i % 2 == 0 ? admin : onSecond;
                    calls.add(() -> c.call("createDomain", "name", name).status());
                }
                int won = 0;
                for (Future<Integer> f : pool.invokeAll(calls)) {
                    int status = f.get();
                    assertTrue("status " + status, status == 200 || status == 431);
                    won += status == 200 ? 1 : 0;
                }
                assertEquals(name, 1, won);
                assertEquals(1, ApiClient.count(ok(admin.call("listDomains", "name", name), "listDomains")));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void domainsAndAccountsAreRenamedAndPathsBelowFollow() throws Exception {
        String top = ok(admin.call("createDomain", "name", "old-name"), "createDomain").getAsJsonObject("domain")
                .get("id").getAsString();
        ok(admin.call("createDomain", "name", "child", "parentdomainid", top), "createDomain");
        JsonObject renamed = ok(admin.call("updateDomain", "id", top, "name", "new-name"), "updateDomain")
                .getAsJsonObject("domain");
        assertEquals("/new-name/", renamed.get("path").getAsString());
        JsonObject child = ok(admin.call("listDomains", "name", "child"), "listDomains").getAsJsonArray("domain")
                .get(0).getAsJsonObject();
        assertEquals("/new-name/child/", child.get("path").getAsString());
        assertEquals(2, child.get("level").getAsInt());

        String account = createAccount("gus");
        assertEquals("augustus", ok(admin.call("updateAccount", "id", account, "newname", "augustus"),
                "updateAccount").getAsJsonObject("account").get("name").getAsString());
        ApiClient.Answer badName = admin.call("updateAccount", "id", account, "newname", "tab\there");
        assertEquals(431, badName.status());
        assertTrue(badName.errorText("updateAccount").contains("U+0009"));
    }

    @Test
    public void deletingAZoneNamesTheOfferingsVmsAndStoresStillInIt() throws Exception {
        String zone = ok(admin.call("createZone", "name", "busy-zone"), "createZone").getAsJsonObject("zone")
                .get("id").getAsString();
        ok(admin.call("createBackupOffering", "name", "gold", "description", "Gold", "zoneid", zone,
                "allowuserdrivenbackups", "true"),
                "createBackupOffering");
        ok(admin.call("addImageStore", "name", "store-1", "url", "/srv/kboss-lifecycle-store", "zoneid", zone),
                "addImageStore");
        insertVm("zone-vm", "admin", zone);
        ApiClient.Answer refused = admin.call("deleteZone", "id", zone);
        assertEquals(536, refused.status());
        String text = refused.errorText("deleteZone");
        assertTrue(text, text.contains("Zone busy-zone is not deletable: it still has 1 backup offering (gold), "
                + "1 VM (zone-vm), 1 image store (store-1)"));
        assertEquals(1, ApiClient.count(ok(admin.call("listZones", "id", zone), "listZones")));

        ApiClient.Answer controlInName = admin.call("createBackupOffering", "name", "bad\u0007name", "description",
                "x", "zoneid", zone, "allowuserdrivenbackups", "true");
        assertEquals("the name rule holds for plugin commands too", 431, controlInName.status());
    }

    /** A VM as discovery would record it (no host): owned by the account, in the zone. */
    private static void insertVm(String name, String account, String zoneUuid) throws Exception {
        try (Connection c = servers.db.connect();
                PreparedStatement ps = c.prepareStatement("INSERT INTO vm_instance (uuid, name, domain_uuid, "
                        + "account_id, domain_id, zone_id, state, power_state, backup_offering_id, created) "
                        + "SELECT ?, ?, ?, a.id, a.domain_id, z.id, 'Running', 'PowerOn', NULL, NOW(3) "
                        + "FROM account a, zone z WHERE a.name = ? AND a.removed IS NULL AND z.uuid = ?")) {
            ps.setString(1, UUID.randomUUID().toString());
            ps.setString(2, name);
            ps.setString(3, UUID.randomUUID().toString());
            ps.setString(4, account);
            ps.setString(5, zoneUuid);
            assertEquals(1, ps.executeUpdate());
        }
        // A VM whose host is gone blocks deleteZone only while it has a backup offering: assign it to the
        // zone's offering, if the zone has one, as assignVirtualMachineToBackupOffering would.
        try (Connection c = servers.db.connect();
                PreparedStatement ps = c.prepareStatement("UPDATE vm_instance v JOIN backup_offering o "
                        + "ON o.zone_id = v.zone_id AND o.removed IS NULL SET v.backup_offering_id = o.id "
                        + "WHERE v.name = ?")) {
            ps.setString(1, name);
            ps.executeUpdate();
        }
    }
}
