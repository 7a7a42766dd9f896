package io.kboss.plugin.backup.kboss.orchestration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpServer;
import io.kboss.server.api.Caller;
import io.kboss.server.event.EventLog;
import io.kboss.server.event.NewEvent;
import io.kboss.server.event.log.EventPurge;
import io.kboss.server.event.webhook.WebhookSender;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Issue 12 item 9 in the orchestration tier (real MariaDB, the server's own dispatcher, fake agents): the
 * events a backup's operation emits in its transactions, the alert of a failure, who may list what, the
 * deliveries an event queues for the webhooks it matches, the sender's retries with backoff ending in an
 * alert, the refusals of bad webhook parameters, and the purge. Receiving a delivery over real HTTP is
 * WebhooksOverHttpTest's (test module).
 */
public class EventsAndWebhooksTest extends OneServerLab {
    private static long host;

    @BeforeClass
    public static void startCloud() throws Exception {
        startLab("orchestration_events", "events", 4, "ev");
        host = cloud.host("events-h");
    }

    @Before
    public void noWebhooks() {
        cloud.sql.update("DELETE FROM webhook");
        cloud.agents.finishAtOnce();
    }

    /** A VM on the class's one host. */
    private static OrchestrationCloud.Vm vmOnTheHost() {
        vms++;
        return cloud.vm("ev-" + vms, host);
    }

    private static List<JsonObject> events(Caller caller, String... filters) {
        JsonObject r = server.ok(caller, "listEvents", filters);
        List<JsonObject> out = new ArrayList<>();
        if (r.has("event")) {
            for (JsonElement e : r.getAsJsonArray("event")) {
                out.add(e.getAsJsonObject());
            }
        }
        return out;
    }

    private static List<JsonObject> eventsAbout(Caller caller, String resourceId) {
        return events(caller, "listall", "true").stream().filter(e -> e.has("resourceid") && resourceId.equals(e
                .get("resourceid").getAsString())).toList();
    }

    private static String states(List<JsonObject> events) {
        return String.join(",", events.stream().map(e -> e.get("state").getAsString() + "/" + e.get("level")
                .getAsString()).toList());
    }

    @Test
    public void aBackupEmitsScheduledStartedAndCompletedEventsOfItsVmsAccountNewestFirst() {
        OrchestrationCloud.Vm vm = vmOnTheHost();
        server.ok(admin, "createBackup", "virtualmachineid", vm.uuid());
        List<JsonObject> queued = eventsAbout(admin, vm.uuid());
        assertEquals("the Scheduled event commits with the queued operation", "Scheduled/INFO", states(queued));
        server.drain();

        List<JsonObject> all = eventsAbout(admin, vm.uuid());
        assertEquals("Completed/INFO,Started/INFO,Scheduled/INFO", states(all));
        for (JsonObject e : all) {
            assertEquals(e.toString(), "BACKUP.CREATE", e.get("type").getAsString());
            assertEquals("admin", e.get("account").getAsString());
            assertEquals("the caller who asked", "admin", e.get("username").getAsString());
            assertEquals("VirtualMachine", e.get("resourcetype").getAsString());
            assertTrue(e.toString(), e.get("description").getAsString().contains("VM " + vm.name()));
            assertTrue(e.has("created") && e.has("domainid") && e.has("domain") && e.has("id"));
            assertFalse("no internal row ids", e.toString().contains("\"accountid\":\"" + admin.accountId() + "\""));
        }
        assertEquals("filtered by type and level", 3, events(admin, "listall", "true", "type", "BACKUP.CREATE",
                "keyword", vm.name()).size());
        assertEquals(0, events(admin, "listall", "true", "type", "BACKUP.CREATE", "level", "ERROR", "keyword",
                vm.name()).size());
        JsonObject one = events(admin, "id", all.get(0).get("id").getAsString()).get(0);
        assertEquals(all.get(0).get("id"), one.get("id"));
    }

    @Test
    public void aFailedBackupEmitsAnErrorEventWithTheReasonAndRaisesAnAlert() throws Exception {
        OrchestrationCloud.Vm vm = vmOnTheHost();
        server.ok(admin, "createBackup", "virtualmachineid", vm.uuid());
        cloud.agents.hold();
        Thread pass = server.passInBackground();
        String op = cloud.single("SELECT uuid FROM operation WHERE kind = 'BACKUP' ORDER BY id DESC LIMIT 1");
        cloud.agents.awaitStarts(op, 1);
        cloud.agents.fail(op, true, "the store went read-only");
        pass.join(30_000);
        assertFalse("the pass ended", pass.isAlive());

        List<JsonObject> all = eventsAbout(admin, vm.uuid());
        assertEquals("Completed/ERROR,Started/INFO,Scheduled/INFO", states(all));
        assertTrue(all.get(0).toString(), all.get(0).get("description").getAsString().contains(
                "the store went read-only"));
        JsonArray alerts = server.ok(admin, "listAlerts", "keyword", vm.name()).getAsJsonArray("alert");
        assertEquals(alerts.toString(), 1, alerts.size());
        JsonObject alert = alerts.get(0).getAsJsonObject();
        assertEquals(100, alert.get("type").getAsInt());
        assertEquals("ALERT.BACKUP", alert.get("name").getAsString());
        assertTrue(alert.toString(), alert.get("description").getAsString().contains("the store went read-only"));
        assertTrue(alert.has("sent") && alert.has("id"));
    }

    @Test
    public void usersSeeOnlyTheirAccountsEventsAndAdminsNeedListallForOthers() {
        Caller alice = user("ev-alice-" + vms);
        OrchestrationCloud.Vm hers = vmOnTheHost();
        cloud.sql.update("UPDATE vm_instance SET account_id = ? WHERE id = ?", alice.accountId(), hers.id());
        OrchestrationCloud.Vm admins = vmOnTheHost();
        server.ok(alice, "createBackup", "virtualmachineid", hers.uuid());
        server.ok(admin, "createBackup", "virtualmachineid", admins.uuid());
        server.drain();

        List<JsonObject> seen = events(alice, "listall", "true");
        assertEquals("her backup's three events and nothing else", 3, seen.size());
        for (JsonObject e : seen) {
            assertEquals(alice.accountName(), e.get("account").getAsString());
            assertEquals(alice.username(), e.get("username").getAsString());
        }
        assertTrue("the admin's own list leaves other accounts out without listall", events(admin, "keyword",
                hers.name()).isEmpty());
        assertEquals(3, eventsAbout(admin, hers.uuid()).size());
        server.refused(432, alice, "listAlerts");
        server.refused(432, alice, "createWebhook", "name", "w", "payloadurl", "http://127.0.0.1:9/");
        server.refused(432, alice, "listWebhookDeliveries");
        String rootDomain = cloud.single("SELECT uuid FROM domain WHERE path = '/'");
        server.refused(432, alice, "listEvents", "domainid", rootDomain, "account", "admin");
    }

    @Test
    public void anEventQueuesOneDeliveryPerMatchingWebhookInItsTransaction() {
        Caller other = user("ev-other-" + vms);
        String rootDomain = cloud.single("SELECT uuid FROM domain WHERE path = '/'");
        String global = webhook("global", "scope", "Global");
        String onlyDeletes = webhook("deletes", "scope", "Global", "eventtypes", "BACKUP.DELETE");
        String otherAccount = webhook("other", "account", other.accountName(), "domainid", rootDomain);
        String disabled = webhook("off", "scope", "Global", "state", "Disabled");
        String zone = cloud.single("SELECT uuid FROM zone WHERE id = ?", cloud.zoneId());
        JsonObject offering = server.ok(admin, "createBackupOffering", "name", "ev-silver", "description", "s",
                "zoneid", zone, "allowuserdrivenbackups", "true").getAsJsonObject("backupoffering");

        JsonObject created = events(admin, "type", "BACKUP.OFFERING.CREATE").get(0);
        assertEquals(offering.get("id"), created.get("resourceid"));
        assertEquals("Created", created.get("state").getAsString());
        assertEquals(1, deliveriesOf(global));
        assertEquals("not its type", 0, deliveriesOf(onlyDeletes));
        assertEquals("Local scope: another account's events only", 0, deliveriesOf(otherAccount));
        assertEquals("disabled", 0, deliveriesOf(disabled));
        String payload = cloud.single("SELECT payload FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id"
                + " JOIN event e ON e.id = d.event_id WHERE w.uuid = ? AND e.type = 'BACKUP.OFFERING.CREATE'", global);
        assertTrue(payload, payload.contains("\"type\":\"BACKUP.OFFERING.CREATE\"")
                && payload.contains(created.get("id").getAsString()));

        // A refused change records nothing and queues nothing.
        long events = cloud.count("SELECT COUNT(*) FROM event");
        server.refused(431, admin, "createBackupOffering", "name", "ev-silver", "description", "s", "zoneid", zone,
                "allowuserdrivenbackups", "true");
        assertEquals(events, cloud.count("SELECT COUNT(*) FROM event"));
        assertEquals(1, deliveriesOf(global));
    }

    private static String webhook(String name, String... more) {
        List<String> kv = new ArrayList<>(List.of("name", name, "payloadurl", "http://127.0.0.1:9/" + name));
        kv.addAll(List.of(more));
        return server.ok(admin, "createWebhook", kv.toArray(String[]::new)).getAsJsonObject("webhook").get("id")
                .getAsString();
    }

    /** The webhook's deliveries of BACKUP.OFFERING.CREATE events. */
    private static long deliveriesOf(String webhook) {
        return cloud.count("SELECT COUNT(*) FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id"
                + " JOIN event e ON e.id = d.event_id WHERE w.uuid = ? AND e.type = 'BACKUP.OFFERING.CREATE'",
                webhook);
    }

    @Test
    public void badWebhookParametersAreRefusedNamingTheParameterAndCreateNothing() {
        String[][] bad = {{"payloadurl", "ftp://example.org/x", "http:// or https://"},
                {"payloadurl", "http:///nohost", "host"},
                {"payloadurl", "https://user:pw@example.org/", "user name or password"},
                {"payloadurl", "not a url", "payloadurl"},
                {"eventtypes", "BACKUP.CREATE,NO.SUCH.TYPE", "NO.SUCH.TYPE"},
                {"scope", "Planet", "scope"},
                {"state", "Sleeping", "state"}};
        for (String[] b : bad) {
            List<String> kv = new ArrayList<>(List.of("name", "bad", "payloadurl", "https://example.org/hook"));
            int i = kv.indexOf(b[0]);
            if (i >= 0) {
                kv.set(i + 1, b[1]);
            } else {
                kv.add(b[0]);
                kv.add(b[1]);
            }
            String text = server.refused(431, admin, "createWebhook", kv.toArray(String[]::new)).get("errortext")
                    .getAsString();
            assertTrue(b[1] + ": " + text, text.contains(b[2]));
        }
        assertEquals(0, cloud.count("SELECT COUNT(*) FROM webhook"));
    }

    @Test
    public void theSecretIsNeverAnsweredWhole() {
        String secret = "s3cr3t-0123456789-abcdef";
        JsonObject w = server.ok(admin, "createWebhook", "name", "signed", "payloadurl", "https://example.org/h",
                "secretkey", secret).getAsJsonObject("webhook");
        assertEquals("********cdef", w.get("secretkey").getAsString());
        String listed = server.ok(admin, "listWebhooks", "id", w.get("id").getAsString()).toString();
        assertFalse(listed, listed.contains(secret));
        JsonObject updated = server.ok(admin, "updateWebhook", "id", w.get("id").getAsString(), "secretkey", "short")
                .getAsJsonObject("webhook");
        assertEquals("********", updated.get("secretkey").getAsString());
        String signed = cloud.single("SELECT secret_key FROM webhook WHERE uuid = ?", w.get("id").getAsString());
        assertEquals("kept whole where it signs", "short", signed);
    }

    @Test
    public void anEmptySecretkeyClearsTheSecretSoLaterDeliveriesGoUnsigned() throws Exception {
        // A receiver in the test: the signature header of each delivery it gets, "" when there was none.
        List<String> signatures = java.util.Collections.synchronizedList(new ArrayList<>());
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String signature = exchange.getRequestHeaders().getFirst("X-KBOSS-Signature");
            signatures.add(signature == null ? "" : signature);
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            String hook = server.ok(admin, "createWebhook", "name", "clearing", "payloadurl", url, "scope", "Global",
                    "eventtypes", "BACKUP.OFFERING.EDIT", "secretkey", "a-secret-of-twenty-chars", "description",
                    "signed at first").getAsJsonObject("webhook").get("id").getAsString();
            String offering = cloud.single("SELECT uuid FROM backup_offering WHERE zone_id = ? ORDER BY id LIMIT 1",
                    cloud.zoneId());
            WebhookSender sender = server.bean(WebhookSender.class);
            server.ok(admin, "updateBackupOffering", "id", offering, "description", "signed");
            assertEquals(1, sender.sendDue());
            assertEquals(1, signatures.size());
            assertTrue(signatures.get(0), signatures.get(0).startsWith("sha256="));

            JsonObject cleared = server.ok(admin, "updateWebhook", "id", hook, "secretkey", "", "description", "")
                    .getAsJsonObject("webhook");
            assertFalse("no secret, so none answered: " + cleared, cleared.has("secretkey"));
            assertFalse("an empty description clears it too", cleared.has("description"));
            assertEquals("what is not given stays", "clearing", cleared.get("name").getAsString());
            assertEquals(1, cleared.getAsJsonArray("eventtypes").size());
            JsonObject listed = server.ok(admin, "listWebhooks", "id", hook).getAsJsonArray("webhook").get(0)
                    .getAsJsonObject();
            assertFalse(listed.toString(), listed.has("secretkey"));
            assertEquals(0, cloud.count("SELECT COUNT(*) FROM webhook WHERE uuid = ? AND secret_key IS NOT NULL",
                    hook));

            server.ok(admin, "updateBackupOffering", "id", offering, "description", "unsigned");
            assertEquals(1, sender.sendDue());
            assertEquals(2, signatures.size());
            assertEquals("the delivery after the clear carries no signature", "", signatures.get(1));

            // Absent keeps what is there; an empty eventtypes means every type again.
            JsonObject all = server.ok(admin, "updateWebhook", "id", hook, "eventtypes", "").getAsJsonObject(
                    "webhook");
            assertFalse("every event type: " + all, all.has("eventtypes"));
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    public void aDeliveryNobodyAnswersIsRetriedWithBackoffThenFailsWithAnAlert() {
        cloud.setting("webhook.delivery.tries", "3");
        cloud.setting("webhook.delivery.retry.delay", "60");
        cloud.setting("webhook.delivery.timeout", "2");
        // Port 9 (discard) has no listener here: every attempt is refused at once.
        String hook = webhook("unreachable", "scope", "Global", "eventtypes", "BACKUP.OFFERING.EDIT");
        String offering = cloud.single("SELECT uuid FROM backup_offering WHERE zone_id = ? ORDER BY id LIMIT 1",
                cloud.zoneId());
        server.ok(admin, "updateBackupOffering", "id", offering, "description", "edited");
        WebhookSender sender = server.bean(WebhookSender.class);

        assertEquals(1, sender.sendDue());
        assertEquals("the second attempt waits retry.delay", 0, sender.sendDue());
        cloud.clock.advance(Duration.ofSeconds(61));
        assertEquals(1, sender.sendDue());
        cloud.clock.advance(Duration.ofSeconds(61));
        assertEquals("the third waits twice as long", 0, sender.sendDue());
        cloud.clock.advance(Duration.ofSeconds(60));
        assertEquals(1, sender.sendDue());
        cloud.clock.advance(Duration.ofHours(1));
        assertEquals("given up after webhook.delivery.tries", 0, sender.sendDue());

        JsonArray attempts = server.ok(admin, "listWebhookDeliveries", "webhookid", hook).getAsJsonArray(
                "webhookdelivery");
        assertEquals(attempts.toString(), 3, attempts.size());
        for (JsonElement a : attempts) {
            JsonObject o = a.getAsJsonObject();
            assertFalse(o.get("success").getAsBoolean());
            assertFalse("no answer, no status", o.has("statuscode"));
            assertTrue(o.toString(), o.get("response").getAsString().contains("could not connect"));
            assertEquals("FAILED", o.get("state").getAsString());
            assertEquals("BACKUP.OFFERING.EDIT", o.get("eventtype").getAsString());
        }
        assertEquals(3, attempts.get(0).getAsJsonObject().get("attempt").getAsInt());
        JsonArray alerts = server.ok(admin, "listAlerts", "name", "ALERT.WEBHOOK.DELIVERY").getAsJsonArray("alert");
        assertEquals(1, alerts.size());
        String text = alerts.get(0).getAsJsonObject().get("description").getAsString();
        assertTrue(text, text.contains("unreachable") && text.contains("after 3 attempts"));
        assertFalse("the URL may carry a token: not in the alert", text.contains("127.0.0.1:9"));
    }

    @Test
    public void eventsOlderThanThePurgeDelayArePurgedWithTheirDeliveries() {
        webhook("purged", "scope", "Global");
        String offering = cloud.single("SELECT uuid FROM backup_offering WHERE zone_id = ? ORDER BY id LIMIT 1",
                cloud.zoneId());
        server.ok(admin, "updateBackupOffering", "id", offering, "description", "old");
        assertTrue(cloud.count("SELECT COUNT(*) FROM webhook_delivery") > 0);
        cloud.setting("event.purge.delay", "0");
        cloud.clock.advance(Duration.ofDays(400));
        EventPurge purge = server.bean(EventPurge.class);
        assertEquals("0 keeps events for ever", 0, purge.purgeNow());
        cloud.setting("event.purge.delay", "1");
        server.ok(admin, "updateBackupOffering", "id", offering, "description", "new");
        long before = cloud.count("SELECT COUNT(*) FROM event");
        assertEquals(before - 1, purge.purgeNow());
        assertEquals("only the event of a moment ago is left", 1, cloud.count("SELECT COUNT(*) FROM event"));
        assertEquals(1, cloud.count("SELECT COUNT(*) FROM webhook_delivery"));
        cloud.setting("event.purge.delay", "15");
    }

    @Test
    public void aRestoreADeleteAndACancelledRestoreEmitTheirOwnTypes() {
        OrchestrationCloud.Vm vm = vmOnTheHost();
        String backup = server.ok(admin, "createBackup", "virtualmachineid", vm.uuid()).get("id").getAsString();
        server.drain();
        server.ok(admin, "restoreBackup", "id", backup);
        server.drain();
        server.ok(admin, "restoreBackup", "id", backup);
        String queued = cloud.single("SELECT uuid FROM operation WHERE kind = 'RESTORE' ORDER BY id DESC LIMIT 1");
        server.ok(admin, "cancelBackupOperation", "id", queued);
        server.ok(admin, "deleteBackup", "id", backup);
        server.drain();

        List<JsonObject> restores = events(admin, "listall", "true", "type", "BACKUP.RESTORE", "keyword", vm.name());
        assertEquals("cancelled while queued: Scheduled, then Completed/ERROR; the first: three INFO",
                "Completed/ERROR,Scheduled/INFO,Completed/INFO,Started/INFO,Scheduled/INFO", states(restores));
        assertTrue(restores.get(0).toString(), restores.get(0).get("description").getAsString().contains("cancelled"));
        List<JsonObject> deletes = events(admin, "listall", "true", "type", "BACKUP.DELETE", "keyword", vm.name());
        assertEquals("Completed/INFO,Started/INFO,Scheduled/INFO", states(deletes));
        assertFalse("a cancel is no failure: no alert", server.ok(admin, "listAlerts", "keyword", vm.name()).has(
                "alert"));
    }

    @Test
    public void deleteAndArchiveEventsChangeOnlyWhatTheCallerMaySeeAndRefuseCallsWithoutFilters() {
        Caller bob = user("ev-bob-" + vms);
        EventLog log = server.bean(EventLog.class);
        String hook = webhook("deleted-with-events", "scope", "Global");
        Instant t0 = cloud.clock.instant();
        String bobOld = log.record(NewEvent.created("BACKUP.OFFERING.EDIT", "bob's old", bob.accountId(),
                bob.userId()));
        String adminOld = log.record(NewEvent.created("BACKUP.OFFERING.EDIT", "admin's old", admin.accountId(),
                admin.userId()));
        cloud.clock.advance(Duration.ofHours(2));
        String bobNew = log.record(NewEvent.created("BACKUP.OFFERING.EDIT", "bob's new", bob.accountId(),
                bob.userId()));
        String bobDelete = log.record(NewEvent.created("BACKUP.DELETE", "bob's delete", bob.accountId(),
                bob.userId()));
        long events = cloud.count("SELECT COUNT(*) FROM event");
        long deliveries = cloud.count("SELECT COUNT(*) FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id"
                + " WHERE w.uuid = ?", hook);

        // Refused, naming the parameters, and nothing changes.
        String none = server.refused(431, bob, "deleteEvents").get("errortext").getAsString();
        assertTrue(none, none.contains("ids, type or enddate"));
        assertTrue(server.refused(431, bob, "archiveEvents").get("errortext").getAsString().contains(
                "ids, type or enddate"));
        String startOnly = server.refused(431, bob, "deleteEvents", "startdate", t0.toString()).get("errortext")
                .getAsString();
        assertTrue(startOnly, startOnly.contains("startdate needs enddate"));
        String reversed = server.refused(431, bob, "archiveEvents", "startdate", t0.plusSeconds(60).toString(),
                "enddate", t0.toString()).get("errortext").getAsString();
        assertTrue(reversed, reversed.contains("must not be after enddate"));
        String notHis = server.refused(431, bob, "deleteEvents", "ids", bobOld + "," + adminOld).get("errortext")
                .getAsString();
        assertTrue("names the event he may not delete: " + notHis, notHis.contains(adminOld) && !notHis.contains(
                bobOld));
        assertEquals("nothing changed", events, cloud.count("SELECT COUNT(*) FROM event"));

        // A user deletes his own events of a type up to a time: his old edit only, with its delivery.
        JsonObject deleted = server.ok(bob, "deleteEvents", "type", "BACKUP.OFFERING.EDIT", "enddate",
                t0.plus(Duration.ofHours(1)).toString());
        assertTrue(deleted.get("success").getAsBoolean());
        assertEquals("1 event deleted", deleted.get("displaytext").getAsString());
        assertEquals(0, cloud.count("SELECT COUNT(*) FROM event WHERE uuid = ?", bobOld));
        assertEquals("another account's event in the range is not his to delete", 1, cloud.count(
                "SELECT COUNT(*) FROM event WHERE uuid = ?", adminOld));
        assertEquals("the deleted event's delivery went with it", deliveries - 1, cloud.count("SELECT COUNT(*) FROM"
                + " webhook_delivery d JOIN webhook w ON w.id = d.webhook_id WHERE w.uuid = ?", hook));

        // Archived: kept, but listed no more, to anyone.
        JsonObject archived = server.ok(admin, "archiveEvents", "ids", bobNew);
        assertEquals("1 event archived", archived.get("displaytext").getAsString());
        assertEquals(1, cloud.count("SELECT COUNT(*) FROM event WHERE uuid = ? AND archived = 1", bobNew));
        assertTrue(events(admin, "id", bobNew).isEmpty());
        List<String> bobSees = events(bob).stream().map(e -> e.get("id").getAsString()).toList();
        assertFalse(bobSees.contains(bobNew));
        assertTrue("his other events are still listed", bobSees.contains(bobDelete));
        assertEquals("archiving again changes nothing", "0 events archived", server.ok(admin, "archiveEvents", "ids",
                bobNew).get("displaytext").getAsString());
        // ...unless archived=true is asked (CloudStack 4.19+): then only archived ones, with the same visibility.
        List<String> bobArchived = events(bob, "archived", "true").stream().map(e -> e.get("id").getAsString())
                .toList();
        assertEquals(List.of(bobNew), bobArchived);
        assertEquals(List.of(bobNew), events(admin, "id", bobNew, "archived", "true").stream()
                .map(e -> e.get("id").getAsString()).toList());

        // A root admin deletes across accounts by time range, archived events included.
        server.ok(admin, "deleteEvents", "ids", bobNew);
        assertEquals(0, cloud.count("SELECT COUNT(*) FROM event WHERE uuid = ?", bobNew));
        server.ok(admin, "deleteEvents", "startdate", t0.minusSeconds(1).toString(), "enddate", t0.plusSeconds(1)
                .toString(), "type", "BACKUP.OFFERING.EDIT");
        assertEquals(0, cloud.count("SELECT COUNT(*) FROM event WHERE uuid = ?", adminOld));
        assertEquals("outside the range and type", 1, cloud.count("SELECT COUNT(*) FROM event WHERE uuid = ?",
                bobDelete));
    }

    @Test
    public void listEventTypesNamesCloudStacksBackupTypes() {
        String types = server.ok(admin, "listEventTypes").toString();
        for (String t : List.of("BACKUP.CREATE", "BACKUP.RESTORE", "BACKUP.DELETE", "BACKUP.OFFERING.ASSIGN",
                "BACKUP.COMPRESS", "BACKUP.VALIDATE", "BACKUP.JOB.RUN")) {
            assertTrue(t, types.contains("\"" + t + "\""));
        }
    }
}
