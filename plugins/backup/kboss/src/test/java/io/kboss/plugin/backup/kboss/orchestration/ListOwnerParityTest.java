package io.kboss.plugin.backup.kboss.orchestration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kboss.server.api.Caller;
import io.kboss.server.api.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * account, domainid and listall on the lists of account-owned things, as CloudStack's
 * buildACLSearchParameters (io.kboss.server.backup.ListOwner), and on the commands that name an owner to
 * create or limit something, as its finalizeOwner/finalyzeAccountId: real MariaDB, the API dispatcher,
 * agents that finish at once.
 */
public class ListOwnerParityTest extends OneServerLab {
    private static Caller alice;
    private static Caller outsider;
    private static String root;
    private static String aliceVm;

    @BeforeClass
    public static void startCloud() throws Exception {
        startLab("orchestration_list_owner", "owners", 2, "lo");
        cloud.agents.finishAtOnce();
        alice = cloud.account("lo-alice", "/", Role.USER);
        outsider = cloud.account("lo-carol", "/lo-other/", Role.DOMAIN_ADMIN);
        root = cloud.single("SELECT uuid FROM domain WHERE path = '/'");
        OrchestrationCloud.Vm vm = cloud.vm("lo-alice-vm", cloud.host("lo-h1"));
        cloud.sql.update("UPDATE vm_instance SET account_id = ? WHERE id = ?", alice.accountId(), vm.id());
        aliceVm = vm.uuid();
        server.ok(alice, "createBackup", "virtualmachineid", aliceVm);
        server.drain();
    }

    private static List<JsonObject> items(JsonObject answer, String name) {
        List<JsonObject> out = new ArrayList<>();
        if (answer.has(name)) {
            for (JsonElement e : answer.getAsJsonArray(name)) {
                out.add(e.getAsJsonObject());
            }
        }
        return out;
    }

    private static String error(int status, Caller caller, String command, String... kv) {
        return server.refused(status, caller, command, kv).get("errortext").getAsString();
    }

    @Test
    public void accountWithoutDomainidIsLookedUpInTheCallersDomainOnEveryList() {
        // alice is in ROOT, the administrator's domain: named alone, her account is found there.
        List<JsonObject> backups = items(server.ok(admin, "listBackups", "account", alice.accountName()), "backup");
        assertEquals(1, backups.size());
        assertEquals(alice.accountName(), backups.get(0).get("account").getAsString());
        List<JsonObject> events = items(server.ok(admin, "listEvents", "account", alice.accountName()), "event");
        assertTrue("her backup's events", events.size() >= 2);
        for (JsonObject e : events) {
            assertEquals(alice.accountName(), e.get("account").getAsString());
        }
        assertEquals("a user may name her own account", 1, items(server.ok(alice, "listBackups", "account",
                alice.accountName()), "backup").size());

        // Not in the caller's domain: 431 naming the parameter, and saying where it was looked up.
        String refusal = error(431, outsider, "listEvents", "account", alice.accountName());
        assertTrue(refusal, refusal.contains("Parameter account") && refusal.contains("has no account")
                && refusal.contains("own domain"));
        // Found but not the caller's: 432, as CloudStack's checkAccess.
        refusal = error(432, alice, "listEvents", "account", "admin");
        assertTrue(refusal, refusal.contains("Parameter account") && refusal.contains("may not list"));
        error(432, alice, "listBackups", "account", "admin");
    }

    @Test
    public void aDomainTheCallerMayNotSeeIsRefusedWith432AndAnUnknownOneWith431() {
        String unknown = UUID.randomUUID().toString();
        for (String command : List.of("listEvents", "listBackups")) {
            String refusal = error(432, outsider, command, "domainid", root);
            assertTrue(refusal, refusal.contains("Parameter domainid") && refusal.contains("may not list"));
            refusal = error(432, alice, command, "domainid", outsider.domainUuid());
            assertTrue(refusal, refusal.contains("Parameter domainid"));
            refusal = error(431, outsider, command, "domainid", unknown);
            assertTrue(refusal, refusal.contains("no domain has ID " + unknown));
        }
        String refusal = error(432, outsider, "listResourceLimits", "domainid", root);
        assertTrue(refusal, refusal.contains("Parameter domainid") && refusal.contains("may not see"));
        refusal = error(431, outsider, "listResourceLimits", "domainid", unknown);
        assertTrue(refusal, refusal.contains("no domain has ID " + unknown));
        // A domain admin's own domain, and a user's domain (her own account's things only), are answered.
        server.ok(outsider, "listEvents", "domainid", outsider.domainUuid());
        List<JsonObject> own = items(server.ok(alice, "listEvents", "domainid", root), "event");
        assertTrue(own.toString(), own.stream().allMatch(e -> alice.accountName().equals(e.get("account")
                .getAsString())));
    }

    @Test
    public void listWebhooksShowsTheAdministratorsOwnUnlessListallOrAnOwnerIsNamed() {
        cloud.sql.update("DELETE FROM webhook");
        String mine = webhook("lo-mine");
        String hers = webhook("lo-hers", "account", alice.accountName(), "domainid", root);

        assertEquals(List.of(mine), ids(server.ok(admin, "listWebhooks")));
        assertEquals(List.of(mine, hers), ids(server.ok(admin, "listWebhooks", "listall", "true")));
        assertEquals(List.of(hers), ids(server.ok(admin, "listWebhooks", "account", alice.accountName())));
        assertEquals("a list by id is not narrowed", List.of(hers), ids(server.ok(admin, "listWebhooks", "id",
                hers)));
        assertEquals(List.of(mine, hers), ids(server.ok(admin, "listWebhooks", "domainid", root)));
        assertEquals("count follows the narrowing", 1, server.ok(admin, "listWebhooks").get("count").getAsInt());
    }

    private static String webhook(String name, String... more) {
        List<String> kv = new ArrayList<>(List.of("name", name, "payloadurl", "http://127.0.0.1:9/" + name));
        kv.addAll(List.of(more));
        return server.ok(admin, "createWebhook", kv.toArray(String[]::new)).getAsJsonObject("webhook").get("id")
                .getAsString();
    }

    private static List<String> ids(JsonObject answer) {
        return items(answer, "webhook").stream().map(w -> w.get("id").getAsString()).toList();
    }

    @Test
    public void commandsThatCreateOrLimitForAnOwnerStillNeedDomainidWithAccountAsInCloudStack() {
        long webhooks = cloud.count("SELECT COUNT(*) FROM webhook");
        String refusal = error(431, admin, "createWebhook", "name", "lo-x", "payloadurl", "http://127.0.0.1:9/x",
                "account", alice.accountName());
        assertTrue(refusal, refusal.contains("Parameter account needs domainid"));
        assertEquals("nothing created", webhooks, cloud.count("SELECT COUNT(*) FROM webhook"));
        refusal = error(431, admin, "listResourceLimits", "account", alice.accountName());
        assertTrue(refusal, refusal.contains("Parameter account needs domainid"));
        refusal = error(431, admin, "updateResourceLimit", "resourcetype", "12", "max", "3", "account",
                alice.accountName());
        assertTrue(refusal, refusal.contains("Parameter account needs domainid"));
        // listall is accepted and changes nothing there: CloudStack's limits are always one owner's.
        assertEquals(server.ok(admin, "listResourceLimits").toString(), server.ok(admin, "listResourceLimits",
                "listall", "true").toString());
    }
}
