package io.kboss.server.app;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

public class AuthenticationOverHttpTest {
    private static TestServers servers;
    private static String apiKey;
    private static String secretKey;

    @BeforeClass
    public static void startServer() throws Exception {
        servers = TestServers.start("auth");
        ApiClient admin = servers.admin();
        String adminId = admin.call("listUsers", "username", "admin").response("listUsers")
                .getAsJsonArray("user").get(0).getAsJsonObject().get("id").getAsString();
        JsonObject keys = admin.call("registerUserKeys", "id", adminId).response("registerUserKeys")
                .getAsJsonObject("userkeys");
        apiKey = keys.get("apikey").getAsString();
        secretKey = keys.get("secretkey").getAsString();
    }

    @AfterClass
    public static void stopServer() throws Exception {
        if (servers != null) {
            servers.close();
        }
    }

    private ApiClient signer() {
        return servers.client().keys(apiKey, secretKey);
    }

    @Test
    public void versionTwoSignatureIsAccepted() throws Exception {
        ApiClient.Answer a = signer().signedV2(ApiClient.params("listZones", "name", "a zone with spaces"));
        assertEquals(a.body().toString(), 200, a.status());
        assertEquals(0, ApiClient.count(a.response("listZones")));
        assertEquals("application/json; charset=UTF-8", a.raw().headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    public void versionThreeSignatureWithFutureExpiryIsAccepted() throws Exception {
        assertEquals(200,
                signer().signedV3(ApiClient.params("listCapabilities"), Instant.now().plusSeconds(60)).status());
    }

    @Test
    public void signedPostWithFormBodyIsAccepted() throws Exception {
        Map<String, String> p = ApiClient.params("listZones", "keyword", "x y");
        p.put("apiKey", apiKey);
        p.put("signature", io.kboss.server.auth.domain.RequestSignature.sign(p, secretKey));
        assertEquals(200, servers.client().post(p, null).status());
    }

    @Test
    public void parameterNamesOfTheSignatureAreRecognisedInAnyCase() throws Exception {
        Map<String, String> p = ApiClient.params("listCapabilities");
        p.put("APIKEY", apiKey);
        p.put("SignatureVersion", "3");
        p.put("EXPIRES", ApiClient.EXPIRES.format(Instant.now().plusSeconds(60)));
        p.put("Signature", io.kboss.server.auth.domain.RequestSignature.sign(p, secretKey));
        ApiClient.Answer a = servers.client().get(p, null);
        assertEquals(a.body().toString(), 200, a.status());
    }

    @Test
    public void wrongSignatureIsRefusedWith401() throws Exception {
        ApiClient.Answer a = servers.client().keys(apiKey, "not-the-secret").signedV2(ApiClient.params("listZones"));
        assertEquals(401, a.status());
        JsonObject r = a.response("listZones");
        assertEquals(401, r.get("errorcode").getAsInt());
        assertTrue(r.get("errortext").getAsString().contains("unable to verify user credentials"));
    }

    @Test
    public void tamperedParameterBreaksTheSignature() throws Exception {
        Map<String, String> p = ApiClient.params("listZones", "name", "a");
        p.put("apiKey", apiKey);
        p.put("signature", io.kboss.server.auth.domain.RequestSignature.sign(p, secretKey));
        p.put("name", "b");
        assertEquals(401, servers.client().get(p, null).status());
    }

    @Test
    public void regeneratedKeysRefuseTheOldKeyAtOnceAndTheNewOneWorks() throws Exception {
        // The old key was just used, so this server remembers its user: regeneration must drop it.
        assertEquals(200, signer().signedV2(ApiClient.params("listZones")).status());
        ApiClient admin = servers.admin();
        String adminId = admin.call("listUsers", "username", "admin").response("listUsers")
                .getAsJsonArray("user").get(0).getAsJsonObject().get("id").getAsString();
        JsonObject keys = admin.call("registerUserKeys", "id", adminId).response("registerUserKeys")
                .getAsJsonObject("userkeys");
        ApiClient old = signer();
        apiKey = keys.get("apikey").getAsString();
        secretKey = keys.get("secretkey").getAsString();
        assertEquals(401, old.signedV2(ApiClient.params("listZones")).status());
        assertEquals(200, signer().signedV2(ApiClient.params("listZones")).status());
    }

    @Test
    public void missingSignatureOrUnknownKeyIsRefusedWith401() throws Exception {
        Map<String, String> p = ApiClient.params("listZones");
        p.put("apiKey", apiKey);
        assertEquals(401, servers.client().get(p, null).status());
        assertEquals(401,
                servers.client().keys("no-such-key", secretKey).signedV2(ApiClient.params("listZones")).status());
    }

    @Test
    public void expiredVersionThreeSignatureIsRefusedWith401() throws Exception {
        ApiClient.Answer a = signer().signedV3(ApiClient.params("listZones"), Instant.now().minusSeconds(5));
        assertEquals(401, a.status());
        assertTrue(a.errorText("listZones"), a.errorText("listZones").contains("expired"));
    }

    @Test
    public void versionThreeWithoutExpiresIsRefusedWith401() throws Exception {
        Map<String, String> p = ApiClient.params("listZones");
        p.put("apiKey", apiKey);
        p.put("signatureVersion", "3");
        p.put("signature", io.kboss.server.auth.domain.RequestSignature.sign(p, secretKey));
        ApiClient.Answer a = servers.client().get(p, null);
        assertEquals(401, a.status());
        assertTrue(a.errorText("listZones").contains("expires"));
    }

    @Test
    public void callWithoutCredentialsIsRefusedWith401() throws Exception {
        ApiClient.Answer a = servers.client().get(ApiClient.params("listZones"), null);
        assertEquals(401, a.status());
        assertEquals(401, a.response("listZones").get("errorcode").getAsInt());
    }

    @Test
    public void loginGivesASessionThatNeedsBothCookieAndSessionKeyUntilLogout() throws Exception {
        ApiClient admin = servers.admin();
        assertTrue(admin.cookie().startsWith("JSESSIONID="));
        assertEquals(200, admin.call("listZones").status());
        // The cookie alone is not enough: the sessionkey parameter guards against cross-site requests.
        assertEquals(401, servers.client().get(ApiClient.params("listZones"), admin.cookie()).status());
        Map<String, String> wrongKey = ApiClient.params("listZones", "sessionkey", "guess");
        assertEquals(401, servers.client().get(wrongKey, admin.cookie()).status());
        ApiClient.Answer out = admin.call("logout");
        assertEquals(200, out.status());
        assertEquals("success", out.response("logout").get("description").getAsString());
        assertEquals(401, admin.call("listZones").status());
    }

    @Test
    public void wrongPasswordIsRefusedWithoutSayingWhichPartWasWrong() throws Exception {
        ApiClient.Answer bad = servers.client().post(ApiClient.params("login", "username", "admin", "password", "nope"),
                null);
        ApiClient.Answer unknown = servers.client().post(
                ApiClient.params("login", "username", "ghost", "password", "nope"),
                null);
        assertEquals(531, bad.status());
        assertEquals(531, unknown.status());
        assertTrue(bad.errorText("login").contains("please provide valid credentials"));
        assertFalse(bad.raw().headers().firstValue("Set-Cookie").isPresent());
    }

    @Test
    public void loginWithThePasswordInTheUrlIsRefused() throws Exception {
        ApiClient.Answer a = servers.client().get(ApiClient.params("login", "username", "admin", "password",
                TestServers.ADMIN_PASSWORD), null);
        assertEquals(431, a.status());
        assertTrue(a.errorText("login").contains("POST"));
        assertFalse(a.raw().headers().firstValue("Set-Cookie").isPresent());
    }

    @Test
    public void loginSucceedsDespiteAStaleSessionCookie() throws Exception {
        ApiClient.Answer a = servers.client().post(ApiClient.params("login", "username", "admin", "password",
                TestServers.ADMIN_PASSWORD), "JSESSIONID=stale-cookie-from-an-old-session");
        assertEquals(200, a.status());
    }

    @Test
    public void loginIntoAnotherDomainThanTheUsersFails() throws Exception {
        ApiClient.Answer a = servers.client().post(ApiClient.params("login", "username", "admin", "password",
                TestServers.ADMIN_PASSWORD, "domain", "/elsewhere"), null);
        assertEquals(531, a.status());
    }

    @Test
    public void loginAnswerNeverCarriesTheCookieValueInTheBody() throws Exception {
        ApiClient admin = servers.admin();
        String cookieValue = admin.cookie().substring("JSESSIONID=".length());
        ApiClient.Answer again = servers.client().post(ApiClient.params("login", "username", "admin", "password",
                TestServers.ADMIN_PASSWORD, "domain", "/"), null);
        assertEquals(200, again.status());
        assertFalse(again.raw().body().contains(cookieValue));
        assertFalse(again.raw().body().contains("cookie"));
    }
}
