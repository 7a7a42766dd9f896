package io.kboss.server.app;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

public class ErrorEnvelopesTest {
    private static TestServers servers;
    private static ApiClient admin;

    @BeforeClass
    public static void startServer() throws Exception {
        servers = TestServers.start("errors", b -> b.plugin(TestCommands.class));
        admin = servers.admin();
    }

    @AfterClass
    public static void stopServer() throws Exception {
        if (servers != null) {
            servers.close();
        }
    }

    private static JsonObject error(ApiClient.Answer a, String command, int status, int cserrorcode) {
        assertEquals(a.raw().body(), status, a.status());
        assertEquals(1, a.body().size());
        JsonObject r = a.response(command);
        assertEquals(status, r.get("errorcode").getAsInt());
        assertEquals(cserrorcode, r.get("cserrorcode").getAsInt());
        assertTrue(r.get("errortext").getAsString().length() > 10);
        return r;
    }

    @Test
    public void unknownCommandIsAnswered432LikeCloudStack() throws Exception {
        JsonObject r = error(admin.call("makeCoffee"), "makeCoffee", 432, 9999);
        assertEquals("The given command does not exist or it is not available for user",
                r.get("errortext").getAsString());
    }

    @Test
    public void missingRequiredParameterIs431NamingIt() throws Exception {
        JsonObject r = error(admin.call("createZone"), "createZone", 431, 4350);
        assertTrue(r.get("errortext").getAsString().contains("missing parameter name"));
    }

    @Test
    public void everyParameterTypeIsValidatedOverHttp() throws Exception {
        Map<String, String> bad = Map.of("text", "toolong", "mode", "YEARLY", "flag", "maybe", "count", "11",
                "size", "-1", "zoneid", "zone-1", "startdate", "soon", "ids", "1,x", "details[x]", "v");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            JsonObject r = error(admin.call("echoTypes", e.getKey(), e.getValue()), "echoTypes", 431, 4350);
            String name = e.getKey().startsWith("details") ? "details" : e.getKey();
            assertTrue(r.get("errortext").getAsString(), r.get("errortext").getAsString().contains(name));
        }
        ApiClient.Answer ok = admin.call("echoTypes", "text", "abc", "mode", "daily", "flag", "true", "count", "10",
                "size", "0", "zoneid", "3f2b5a4e-1c7d-4e0a-9b8e-2d5f6a7b8c9d", "startdate", "2024-05-01",
                "ids", "1,2", "details[0].key", "k", "details[0].value", "v", "unknownextra", "ignored");
        assertEquals(ok.raw().body(), 200, ok.status());
        JsonObject echoed = ok.response("echoTypes");
        assertEquals("DAILY", echoed.get("mode").getAsString());
        assertEquals(2, echoed.getAsJsonArray("ids").size());
        assertEquals("v", echoed.getAsJsonObject("details").get("k").getAsString());
        assertFalse(echoed.has("unknownextra"));
    }

    @Test
    public void userCallingAnAdminCommandIsRefused432AndNothingChanges() throws Exception {
        admin.call("createAccount", "username", "plainuser", "password", "plain-password-1");
        ApiClient user = servers.client().login("plainuser", "plain-password-1");
        error(user.call("createZone", "name", "sneaky"), "createZone", 432, 9999);
        assertEquals(0, ApiClient.count(admin.call("listZones", "name", "sneaky").response("listZones")));
    }

    @Test
    public void unexpectedFailureIs530WithCorrelationIdAndNoStackTrace() throws Exception {
        ApiClient.Answer a = admin.call("failUnexpectedly");
        JsonObject r = error(a, "failUnexpectedly", 530, 4345);
        String text = r.get("errortext").getAsString();
        assertTrue(text, text.matches(".*correlation id [0-9a-f-]{36}.*"));
        assertFalse(a.raw().body().contains("internal detail"));
        assertFalse(a.raw().body().contains("IllegalStateException"));
        assertFalse(a.raw().body().contains("\tat "));
    }

    @Test
    public void malformedUrlEncodingIsAnswered430InTheEnvelope() throws Exception {
        // java.net.URI refuses such a URL, so it goes over a plain socket.
        String answer;
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", servers.server.port())) {
            s.getOutputStream().write(("GET /client/api?command=listZones&response=json&name=%zz HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertTrue(answer, answer.startsWith("HTTP/1.1 430"));
        assertTrue(answer, answer.contains("\"errorcode\":430"));
        assertTrue(answer, answer.contains("Content-Type: application/json; charset=UTF-8"));
        assertFalse(answer.contains("\tat "));
    }

    @Test
    public void deletingAZoneInUseIs536AndTheZoneRemains() throws Exception {
        String zone = admin.call("createZone", "name", "busy").response("createZone").getAsJsonObject("zone")
                .get("id").getAsString();
        assertEquals(200, admin.call("addImageStore", "name", "s", "url", "/srv/kboss-test", "zoneid", zone).status());
        error(admin.call("deleteZone", "id", zone), "deleteZone", 536, 4375);
        assertEquals(1, ApiClient.count(admin.call("listZones", "id", zone).response("listZones")));
    }

    @Test
    public void imageStoreUrlsAreValidatedStrictly() throws Exception {
        String zone = admin.call("createZone", "name", "stores").response("createZone").getAsJsonObject("zone")
                .get("id").getAsString();
        for (String url : new String[]{"relative/dir", "http://x/y", "nfs://host", "file://host/x", "/a/../b"}) {
            error(admin.call("addImageStore", "name", "s", "url", url, "zoneid", zone), "addImageStore", 431, 4350);
        }
        error(admin.call("addImageStore", "name", "s", "url", "nfs://nas/export", "provider", "local", "zoneid", zone),
                "addImageStore", 431, 4350);
        JsonObject nfs = admin.call("addImageStore", "name", "nas", "url", "nfs://nas.example/export/kboss",
                "zoneid", zone).response("addImageStore").getAsJsonObject("imagestore");
        assertEquals("NFS", nfs.get("providername").getAsString());
        assertEquals(1,
                ApiClient.count(admin.call("listImageStores", "zoneid", zone).response("listImageStores")));
        assertEquals(200, admin.call("deleteImageStore", "id", nfs.get("id").getAsString()).status());
        assertEquals(0,
                ApiClient.count(admin.call("listImageStores", "zoneid", zone).response("listImageStores")));
        assertEquals(200, admin.call("deleteZone", "id", zone).status());
    }

    @Test
    public void webUiIsServedFromTheClientFolder() throws Exception {
        var index = servers.client().raw("/client/");
        assertEquals(200, index.statusCode());
        assertTrue(index.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(index.body(), index.body().toLowerCase().contains("<html"));
        assertEquals(404, servers.client().raw("/client/io/kboss/server/app/KbossServer.class").statusCode());
    }

    @Test
    public void rootRedirectsToTheClientFolder() throws Exception {
        var r = servers.client().raw("/");
        assertEquals(302, r.statusCode());
        assertTrue(r.headers().firstValue("Location").orElseThrow().endsWith("/client/"));
    }
}
