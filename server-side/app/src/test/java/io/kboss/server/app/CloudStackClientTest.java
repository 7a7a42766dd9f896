package io.kboss.server.app;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** Debian's python3-cs, a real CloudStack client, against the server (signatureVersion 3, GET and POST). */
public class CloudStackClientTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static TestServers servers;
    private static String key;
    private static String secret;

    @BeforeClass
    public static void startServer() throws Exception {
        TestCommands.signal = new CountDownLatch(0);
        servers = TestServers.start("cs_client", b -> b.plugin(TestCommands.class));
        ApiClient admin = servers.admin();
        String id = admin.call("listUsers", "username", "admin").response("listUsers").getAsJsonArray("user").get(0)
                .getAsJsonObject().get("id").getAsString();
        JsonObject keys = admin.call("registerUserKeys", "id", id).response("registerUserKeys")
                .getAsJsonObject("userkeys");
        key = keys.get("apikey").getAsString();
        secret = keys.get("secretkey").getAsString();
    }

    @AfterClass
    public static void stopServer() throws Exception {
        if (servers != null) {
            servers.close();
        }
    }

    record Run(int exit, String out, String err) {
    }

    private static Run cs(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PYTHON, "-m", "cs"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("CLOUDSTACK_ENDPOINT", servers.server.baseUrl() + "/client/api");
        pb.environment().put("CLOUDSTACK_KEY", key);
        pb.environment().put("CLOUDSTACK_SECRET", secret);
        pb.environment().remove("CLOUDSTACK_CONFIG");
        Process p = pb.start();
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread o = drain(p.getInputStream(), out);
        Thread e = drain(p.getErrorStream(), err);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("cs " + String.join(" ", args) + " did not finish within 60 s; stderr: " + err);
        }
        o.join(5000);
        e.join(5000);
        return new Run(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Thread drain(InputStream in, ByteArrayOutputStream to) {
        Thread t = new Thread(() -> {
            try {
                in.transferTo(to);
            } catch (IOException ignored) {
                // The process ended; what was read so far is kept.
            }
        });
        t.start();
        return t;
    }

    @Test
    public void listCapabilitiesWorksWithTheRealClient() throws Exception {
        Run r = cs("listCapabilities");
        assertEquals("cs reported an error", "", r.err());
        JsonObject body = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals("4.20.0.0", body.getAsJsonObject("capability").get("cloudstackversion").getAsString());
    }

    @Test
    public void postWithParametersWorksWithTheRealClient() throws Exception {
        Run r = cs("--post", "createZone", "name=zone from cs~1");
        assertEquals("cs reported an error", "", r.err());
        assertTrue(r.out(), r.out().contains("zone from cs~1"));
        Run list = cs("listZones", "keyword=cs~1");
        assertEquals("cs reported an error", "", list.err());
        assertEquals(1, ApiClient.count(JsonParser.parseString(list.out()).getAsJsonObject()));
    }

    @Test
    public void asyncCommandIsPolledToItsResultByTheRealClient() throws Exception {
        Run r = cs("waitForSignal", "label=viacs");
        assertEquals("cs reported an error", "", r.err());
        assertTrue(r.out(), r.out().contains("viacs"));
    }

    @Test
    public void wrongSecretFailsInTheRealClient() throws Exception {
        String good = secret;
        secret = "wrong";
        try {
            // cs reports errors on stderr and prints the error body, but exits 0.
            Run r = cs("listZones");
            assertTrue(r.err(), r.err().contains("CloudStack error"));
            JsonObject body = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonObject("listzonesresponse");
            assertEquals(401, body.get("errorcode").getAsInt());
        } finally {
            secret = good;
        }
    }
}
