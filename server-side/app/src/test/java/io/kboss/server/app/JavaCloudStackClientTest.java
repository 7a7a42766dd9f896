package io.kboss.server.app;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import br.com.autonomiccs.apacheCloudStack.client.ApacheCloudStackClient;
import br.com.autonomiccs.apacheCloudStack.client.ApacheCloudStackRequest;
import br.com.autonomiccs.apacheCloudStack.client.beans.ApacheCloudStackUser;
import br.com.autonomiccs.apacheCloudStack.exceptions.ApacheCloudStackClientRequestRuntimeException;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The Java {@code apache-cloudstack-java-client} from Maven Central against the server, unchanged:
 * in password mode it logs in, keeps only the cookies login set (JSESSIONID and sessionkey, no
 * sessionkey parameter), sends the call, and logs out; in key mode it signs with version 3.
 */
public class JavaCloudStackClientTest {
    private static TestServers servers;
    private static String api;

    @BeforeClass
    public static void startServer() throws Exception {
        servers = TestServers.start("java_client");
        api = servers.server.baseUrl() + "/client/api";
        ApiClient admin = servers.admin();
        admin.call("createZone", "name", "zone-for-java-client");
        admin.call("createAccount", "username", "javauser", "password", "java-user-pass", "firstname", "Ada",
                "lastname", "Lovelace", "email", "ada@example.com", "timezone", "Asia/Kolkata");
    }

    @AfterClass
    public static void stopServer() throws Exception {
        if (servers != null) {
            servers.close();
        }
    }

    private static ApacheCloudStackClient withPassword(String user, String password) {
        return new ApacheCloudStackClient(api, new ApacheCloudStackUser(user, password, "/"));
    }

    @Test
    public void passwordModeCallsSucceedWithTheSessionCookiesAlone() {
        ApacheCloudStackRequest list = new ApacheCloudStackRequest("listZones");
        list.addParameter("response", "json");
        list.addParameter("name", "zone-for-java-client");
        String json = withPassword("admin", TestServers.ADMIN_PASSWORD).executeRequest(list);
        JsonObject answer = JsonParser.parseString(json).getAsJsonObject().getAsJsonObject("listzonesresponse");
        assertEquals(1, answer.get("count").getAsInt());
        assertEquals("zone-for-java-client",
                answer.getAsJsonArray("zone").get(0).getAsJsonObject().get("name").getAsString());
    }

    @Test
    public void passwordModeWithoutResponseGetsCloudStacksXml() {
        String xml = withPassword("admin", TestServers.ADMIN_PASSWORD)
                .executeRequest(new ApacheCloudStackRequest("listCapabilities"));
        assertTrue(xml, xml.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><listcapabilitiesresponse "
                + "cloud-stack-version=\"4.20.0.0\"><capability>"));
        assertTrue(xml, xml.contains("<cloudstackversion>4.20.0.0</cloudstackversion>"));
    }

    @Test
    public void aUserWithDetailsCallsAsItselfInPasswordMode() {
        ApacheCloudStackRequest me = new ApacheCloudStackRequest("listUsers");
        me.addParameter("response", "json");
        JsonObject user = JsonParser.parseString(withPassword("javauser", "java-user-pass").executeRequest(me))
                .getAsJsonObject().getAsJsonObject("listusersresponse").getAsJsonArray("user").get(0)
                .getAsJsonObject();
        assertEquals("javauser", user.get("username").getAsString());
        assertEquals("Ada", user.get("firstname").getAsString());
        assertEquals("ada@example.com", user.get("email").getAsString());
    }

    @Test
    public void aWrongPasswordFailsAtLogin() {
        ApacheCloudStackRequest list = new ApacheCloudStackRequest("listZones");
        ApacheCloudStackClientRequestRuntimeException e = assertThrows(
                ApacheCloudStackClientRequestRuntimeException.class,
                () -> withPassword("admin", "not-the-password").executeRequest(list));
        assertEquals(531, e.getStatusCode());
        assertTrue(e.getResponse(), e.getResponse().contains("<errorcode>531</errorcode>"));
    }

    @Test
    public void keyModeStillWorks() throws Exception {
        ApiClient admin = servers.admin();
        String id = admin.call("listUsers", "username", "admin").response("listUsers").getAsJsonArray("user").get(0)
                .getAsJsonObject().get("id").getAsString();
        JsonObject keys = admin.call("registerUserKeys", "id", id).response("registerUserKeys")
                .getAsJsonObject("userkeys");
        ApacheCloudStackClient client = new ApacheCloudStackClient(api, new ApacheCloudStackUser(
                keys.get("secretkey").getAsString(), keys.get("apikey").getAsString()));
        ApacheCloudStackRequest list = new ApacheCloudStackRequest("listZones");
        list.addParameter("response", "json");
        assertTrue(client.executeRequest(list).contains("zone-for-java-client"));
    }
}
