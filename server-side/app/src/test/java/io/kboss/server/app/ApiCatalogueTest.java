package io.kboss.server.app;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kboss.server.api.ApiCommand;
import io.kboss.server.api.dispatch.CommandRegistry;
import java.util.HashSet;
import java.util.Set;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** listApis, paging and keyword, accounts and users with keys. */
public class ApiCatalogueTest {
    private static TestServers servers;
    private static ApiClient admin;

    @BeforeClass
    public static void startServer() throws Exception {
        servers = TestServers.start("catalogue");
        admin = servers.admin();
    }

    @AfterClass
    public static void stopServer() throws Exception {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    public void listApisDescribesEveryRegisteredCommandAndEveryParameter() throws Exception {
        JsonObject r = admin.call("listApis").response("listApis");
        JsonArray apis = r.getAsJsonArray("api");
        Set<String> listed = new HashSet<>();
        for (JsonElement e : apis) {
            JsonObject api = e.getAsJsonObject();
            listed.add(api.get("name").getAsString());
            assertFalse(api.get("description").getAsString().isBlank());
            assertTrue(api.has("isasync"));
            for (JsonElement p : api.getAsJsonArray("params")) {
                JsonObject param = p.getAsJsonObject();
                assertFalse(api + " " + param, param.get("type").getAsString().isBlank());
                assertFalse(api + " " + param, param.get("description").getAsString().isBlank());
                assertTrue(param.has("required"));
            }
        }
        Set<String> registered = new HashSet<>();
        for (ApiCommand c : servers.server.bean(CommandRegistry.class).all()) {
            registered.add(c.spec().name());
        }
        assertEquals(registered, listed);
        assertEquals(registered.size(), ApiClient.count(r));
        assertTrue(listed.containsAll(Set.of("login", "logout", "listApis", "listCapabilities", "queryAsyncJobResult",
                "listAsyncJobs", "listConfigurations", "updateConfiguration", "resetConfiguration", "createZone",
                "listZones", "deleteZone", "addCluster", "listClusters", "addImageStore", "listImageStores",
                "updateImageStore",
                "deleteImageStore", "createAccount", "listAccounts", "createUser", "listUsers", "registerUserKeys",
                "getUserKeys", "listBackupProviders", "createBackupOffering", "listBackupOfferings")));
    }

    @Test
    public void everyListCommandTakesPagePagesizeAndKeyword() throws Exception {
        for (ApiCommand c : servers.server.bean(CommandRegistry.class).all()) {
            String name = c.spec().name();
            // listApis and listCapabilities describe the server; CloudStack pages neither. listBackupFiles is
            // async (the host boots libguestfs to read the backup): its job answers one directory, unpaged.
            if (name.startsWith("list") && !name.equals("listApis") && !name.equals("listCapabilities")
                    && !name.equals("listBackupFiles")) {
                assertTrue(name, c.spec().isList());
                assertTrue(name, c.spec().params().keySet().containsAll(Set.of("page", "pagesize", "keyword")));
            }
        }
    }

    @Test
    public void listApisForOneCommandShowsItsParameterLimits() throws Exception {
        JsonObject api = admin.call("listApis", "name", "createZone").response("listApis").getAsJsonArray("api").get(0)
                .getAsJsonObject();
        assertFalse(api.get("isasync").getAsBoolean());
        JsonObject name = api.getAsJsonArray("params").get(0).getAsJsonObject();
        assertEquals("name", name.get("name").getAsString());
        assertEquals("string", name.get("type").getAsString());
        assertTrue(name.get("required").getAsBoolean());
        assertEquals(255, name.get("length").getAsInt());
    }

    @Test
    public void usersSeeOnlyTheCommandsTheirRoleMayCall() throws Exception {
        admin.call("createAccount", "username", "apiuser", "password", "api-user-pass");
        ApiClient user = servers.client().login("apiuser", "api-user-pass");
        Set<String> names = new HashSet<>();
        for (JsonElement e : user.call("listApis").response("listApis").getAsJsonArray("api")) {
            names.add(e.getAsJsonObject().get("name").getAsString());
        }
        assertTrue(names.contains("listZones"));
        assertFalse(names.contains("createZone"));
        assertFalse(names.contains("updateConfiguration"));
    }

    @Test
    public void listsArePagedWithTotalCountAndFilteredByKeyword() throws Exception {
        for (int i = 1; i <= 5; i++) {
            admin.call("createZone", "name", "paged-" + i);
        }
        admin.call("createZone", "name", "other");
        JsonObject page2 = admin.call("listZones", "keyword", "paged", "page", "2", "pagesize", "2")
                .response("listZones");
        assertEquals(5, ApiClient.count(page2));
        JsonArray zones = page2.getAsJsonArray("zone");
        assertEquals(2, zones.size());
        assertEquals("paged-3", zones.get(0).getAsJsonObject().get("name").getAsString());
        JsonObject page3 = admin.call("listZones", "keyword", "paged", "page", "3", "pagesize", "2")
                .response("listZones");
        assertEquals(1, page3.getAsJsonArray("zone").size());
        // LIKE wildcards in the keyword are literal characters.
        assertEquals(0, ApiClient.count(admin.call("listZones", "keyword", "%").response("listZones")));
    }

    @Test
    public void usersListTheirAccountOnlyAndSeeApiKeysButNeverSecrets() throws Exception {
        admin.call("createAccount", "username", "alice", "password", "alice-password", "account", "team-a");
        admin.call("createUser", "username", "alice2", "password", "alice2-password", "account", "team-a");
        admin.call("createAccount", "username", "bob", "password", "bob-password-1");
        ApiClient alice = servers.client().login("alice", "alice-password");
        JsonObject users = alice.call("listUsers").response("listUsers");
        assertEquals(2, ApiClient.count(users));
        String aliceId = null;
        for (JsonElement e : users.getAsJsonArray("user")) {
            assertEquals("team-a", e.getAsJsonObject().get("account").getAsString());
            if (e.getAsJsonObject().get("username").getAsString().equals("alice")) {
                aliceId = e.getAsJsonObject().get("id").getAsString();
            }
        }
        JsonObject keys = alice.call("registerUserKeys", "id", aliceId).response("registerUserKeys")
                .getAsJsonObject("userkeys");
        String secret = keys.get("secretkey").getAsString();
        ApiClient.Answer listed = admin.call("listUsers", "username", "alice");
        assertEquals(keys.get("apikey").getAsString(), listed.response("listUsers").getAsJsonArray("user").get(0)
                .getAsJsonObject().get("apikey").getAsString());
        assertFalse(listed.raw().body().contains(secret));
        assertEquals(secret,
                alice.call("getUserKeys", "id", aliceId).response("getUserKeys").getAsJsonObject("userkeys")
                        .get("secretkey").getAsString());
        assertEquals(432, admin.call("getUserKeys", "id", aliceId).status());
        ApiClient bob = servers.client().login("bob", "bob-password-1");
        assertEquals(432, bob.call("registerUserKeys", "id", aliceId).status());
        assertEquals(1, ApiClient.count(bob.call("listAccounts").response("listAccounts")));
        // The new keys sign requests.
        ApiClient signed = servers.client().keys(keys.get("apikey").getAsString(), secret);
        assertEquals(200, signed.call("listZones").status());
    }

    @Test
    public void domainAdminsActOnlyInTheirDomainAndBelow() throws Exception {
        JsonObject sales = admin.call("createDomain", "name", "sales").response("createDomain")
                .getAsJsonObject("domain");
        assertEquals("/sales/", sales.get("path").getAsString());
        String salesId = sales.get("id").getAsString();
        assertEquals(200, admin.call("createAccount", "username", "salesadmin", "password", "sales-admin-pass",
                "accounttype", "2", "domainid", salesId).status());
        assertEquals(200, admin.call("createAccount", "username", "rootuser", "password", "root-user-pass").status());
        ApiClient da = loginIn("salesadmin", "sales-admin-pass", "/sales/");
        assertEquals(200, da.call("createAccount", "username", "salesuser", "password", "sales-user-pass").status());
        JsonObject eu = da.call("createDomain", "name", "eu").response("createDomain").getAsJsonObject("domain");
        assertEquals("/sales/eu/", eu.get("path").getAsString());
        String rootDomain = admin.call("listDomains", "name", "ROOT").response("listDomains").getAsJsonArray("domain")
                .get(0).getAsJsonObject().get("id").getAsString();
        assertEquals(432, da.call("createAccount", "username", "intruder", "password", "intruder-pass",
                "domainid", rootDomain).status());
        assertEquals(432, da.call("createAccount", "username", "newroot", "password", "new-root-pass",
                "accounttype", "1").status());
        Set<String> names = new HashSet<>();
        for (JsonElement e : da.call("listAccounts").response("listAccounts").getAsJsonArray("account")) {
            names.add(e.getAsJsonObject().get("name").getAsString());
        }
        assertEquals(Set.of("salesadmin", "salesuser"), names);
        assertEquals(2, ApiClient.count(da.call("listDomains").response("listDomains")));
    }

    private static ApiClient loginIn(String user, String password, String domain) throws Exception {
        ApiClient c = servers.client();
        ApiClient.Answer a = c.post(ApiClient.params("login", "username", user, "password", password, "domain", domain),
                null);
        assertEquals(200, a.status());
        return c.session(a);
    }

    @Test
    public void createAccountRefusesDuplicatesAndShortPasswords() throws Exception {
        assertEquals(200, admin.call("createAccount", "username", "dup", "password", "dup-password").status());
        assertEquals(431, admin.call("createAccount", "username", "dup", "password", "dup-password",
                "account", "dup2").status());
        assertEquals(431, admin.call("createAccount", "username", "short", "password", "short").status());
        assertEquals(431, admin.call("createAccount", "username", "badtype", "password", "badtype-pass",
                "accounttype", "3").status());
    }

    @Test
    public void listBackupProvidersShowsTheKbossProvider() throws Exception {
        JsonArray providers = admin.call("listBackupProviders").response("listBackupProviders")
                .getAsJsonArray("providers");
        assertEquals("kboss", providers.get(0).getAsJsonObject().get("name").getAsString());
    }

    @Test
    public void listCapabilitiesAnswersInCloudStacksShape() throws Exception {
        JsonObject cap = admin.call("listCapabilities").response("listCapabilities").getAsJsonObject("capability");
        assertEquals("4.20.0.0", cap.get("cloudstackversion").getAsString());
    }
}
