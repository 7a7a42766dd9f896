package io.kboss.test.event;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import io.kboss.db.testing.TestDatabase;
import io.kboss.server.app.KbossServer;
import io.kboss.server.app.KbossServerConfig;
import io.kboss.test.api.ApiSession;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Webhooks over real HTTP both ways (issue 12 item 9): the in-process server on real MariaDB with its own
 * background loops, and a receiver in this test (the JDK's com.sun.net.httpserver). An event a webhook
 * subscribes to reaches the receiver as JSON with a signature the receiver checks on its own
 * (HMAC-SHA256 of the body with the shared secret, as docs/events-and-webhooks.md tells receivers); a 500
 * answer is retried with the same body and delivery id; a receiver that never answers in time makes the
 * delivery fail on its last attempt and raises an alert. Events are made with createBackupOffering, so no VM
 * is needed.
 */
public class WebhooksOverHttpTest {
    private static final String ADMIN_PASSWORD = "webhook-tests-admin";
    private static final String SECRET = "receiver-shared-secret-7f3a";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static TestDatabase db;
    private static KbossServer server;
    private static ApiSession admin;

    /** One request the receiver got. */
    record Received(String path, Map<String, java.util.List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    private HttpServer receiver;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final AtomicInteger calls = new AtomicInteger();
    private String zone;

    @BeforeClass
    public static void startServer() throws Exception {
        db = TestDatabase.create("webhooks_http");
        server = KbossServer.start(KbossServerConfig.builder()
                .jdbc(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD).http("127.0.0.1", 0)
                .workFolder(Files.createTempDirectory("kboss-webhooks-http")).adminPassword(ADMIN_PASSWORD).build());
        admin = ApiSession.login(server.baseUrl(), "admin", ADMIN_PASSWORD, "/");
        setting("webhook.delivery.retry.delay", "1");
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

    @Before
    public void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.start();
        zone = admin.ok("createZone", "name", "hooks-" + UUID.randomUUID()).getAsJsonObject("zone").get("id")
                .getAsString();
    }

    @After
    public void stopReceiver() throws Exception {
        receiver.stop(0);
        for (com.google.gson.JsonElement w : admin.succeeds("listWebhooks", "listall", "true").items("webhook")) {
            admin.ok("deleteWebhook", "id", w.getAsJsonObject().get("id").getAsString());
        }
    }

    private static void setting(String name, String value) throws Exception {
        admin.ok("updateConfiguration", "name", name, "value", value);
    }

    /** Answers the requests to {@code path} with {@code statusOf(n)} for the n-th, from 1, after {@code delay}. */
    private void route(String path, java.util.function.IntUnaryOperator statusOf, Duration delay) {
        receiver.createContext(path, exchange -> {
            int n = calls.incrementAndGet();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(path, Map.copyOf(exchange.getRequestHeaders()), body));
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] answer = (n == 1 ? "receiver busy" : "thanks").getBytes(StandardCharsets.UTF_8);
            try {
                exchange.sendResponseHeaders(statusOf.applyAsInt(n), answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            } catch (IOException e) {
                // the sender gave up waiting (its time-out): nobody reads the answer
            }
        });
    }

    private String url(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    /** The receiver's own check, written from the documentation, not with the server's code. */
    private static String expectedSignature(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private String newOffering(String name) throws Exception {
        return admin.ok("createBackupOffering", "name", name, "description", name, "zoneid", zone,
                "allowuserdrivenbackups", "true").getAsJsonObject("backupoffering").get("id").getAsString();
    }

    private static JsonArray attemptsOf(String webhook, int atLeast) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonArray a = admin.succeeds("listWebhookDeliveries", "webhookid", webhook).items("webhookdelivery");
            if (a.size() >= atLeast || System.nanoTime() > end) {
                return a;
            }
            Thread.sleep(100);
        }
    }

    @Test
    public void aSignedDeliveryAnswered500IsRetriedWithTheSameBodyAndThenSucceeds() throws Exception {
        route("/hook", n -> n == 1 ? 500 : 200, Duration.ZERO);
        String webhook = admin.ok("createWebhook", "name", "receiver", "payloadurl", url("/hook"), "secretkey", SECRET,
                "scope", "Global", "eventtypes", "BACKUP.OFFERING.CREATE").getAsJsonObject("webhook").get("id")
                .getAsString();
        String offering = newOffering("hooked-gold");

        Received first = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertNotNull("the receiver got the delivery", first);
        Received second = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertNotNull("the receiver's 500 was retried", second);

        for (Received r : new Received[]{first, second}) {
            assertEquals("a valid signature of the body", expectedSignature(r.body()), r.header("X-KBOSS-Signature"));
            assertTrue(r.header("Content-Type"), r.header("Content-Type").startsWith("application/json"));
            assertEquals("BACKUP.OFFERING.CREATE", r.header("X-KBOSS-Event"));
        }
        assertEquals("the same body each attempt", first.body(), second.body());
        assertEquals("the same delivery", first.header("X-KBOSS-Delivery"), second.header("X-KBOSS-Delivery"));
        assertEquals("1", first.header("X-KBOSS-Attempt"));
        assertEquals("2", second.header("X-KBOSS-Attempt"));
        assertFalse("the secret never travels", first.body().contains(SECRET) || first.headers().toString()
                .contains(SECRET));

        JsonObject event = JsonParser.parseString(first.body()).getAsJsonObject();
        assertEquals("BACKUP.OFFERING.CREATE", event.get("type").getAsString());
        assertEquals(offering, event.get("resourceid").getAsString());
        assertEquals("INFO", event.get("level").getAsString());
        JsonArray listed = admin.succeeds("listEvents", "id", event.get("id").getAsString()).items("event");
        assertEquals("the body is the event as listEvents shows it", listed.get(0).getAsJsonObject(), event);

        JsonArray attempts = attemptsOf(webhook, 2);
        assertEquals(attempts.toString(), 2, attempts.size());
        JsonObject last = attempts.get(0).getAsJsonObject();
        JsonObject firstAttempt = attempts.get(1).getAsJsonObject();
        assertEquals(500, firstAttempt.get("statuscode").getAsInt());
        assertFalse(firstAttempt.get("success").getAsBoolean());
        assertEquals("receiver busy", firstAttempt.get("response").getAsString());
        assertEquals(200, last.get("statuscode").getAsInt());
        assertTrue(last.get("success").getAsBoolean());
        assertEquals("SUCCEEDED", last.get("state").getAsString());
        assertEquals(first.header("X-KBOSS-Delivery"), last.get("deliveryid").getAsString());
        assertTrue(last.has("duration") && last.has("startdate") && last.has("enddate"));
        assertTrue(last.has("managementserverid"));

        String shown = admin.ok("listWebhooks", "id", webhook).toString();
        assertFalse("answers never carry the whole secret: " + shown, shown.contains(SECRET));
    }

    @Test
    public void aReceiverThatNeverAnswersInTimeFailsTheDeliveryOnItsLastAttemptWithAnAlert() throws Exception {
        setting("webhook.delivery.timeout", "1");
        setting("webhook.delivery.tries", "2");
        try {
            route("/slow", n -> 200, Duration.ofSeconds(4));
            String webhook = admin.ok("createWebhook", "name", "sleepy", "payloadurl", url("/slow"), "scope",
                    "Global", "eventtypes", "BACKUP.OFFERING.CREATE").getAsJsonObject("webhook").get("id")
                    .getAsString();
            newOffering("hooked-silver");

            JsonArray attempts = attemptsOf(webhook, 2);
            assertEquals(attempts.toString(), 2, attempts.size());
            for (int i = 0; i < 2; i++) {
                JsonObject a = attempts.get(i).getAsJsonObject();
                assertFalse(a.get("success").getAsBoolean());
                assertFalse("no answer came in time", a.has("statuscode"));
                assertTrue(a.toString(), a.get("response").getAsString().contains("timed out"));
                assertEquals("FAILED", a.get("state").getAsString());
            }
            assertTrue("unsigned without a secret",
                    received.stream().allMatch(r -> r.header("X-KBOSS-Signature") == null));
            JsonArray alerts = admin.succeeds("listAlerts", "name", "ALERT.WEBHOOK.DELIVERY", "keyword", webhook)
                    .items("alert");
            assertEquals(alerts.toString(), 1, alerts.size());
            assertEquals(103, alerts.get(0).getAsJsonObject().get("type").getAsInt());
        } finally {
            setting("webhook.delivery.timeout", "10");
            setting("webhook.delivery.tries", "3");
        }
    }
}
