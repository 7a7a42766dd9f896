package io.kboss.test.ui;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kboss.db.testing.TestDatabase;
import io.kboss.server.app.KbossServer;
import io.kboss.server.app.KbossServerConfig;
import io.kboss.test.api.ApiSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * The offering page in a real browser: kboss-server runs in-process on an ephemeral port with its
 * own database, serving the built UI from the kboss-ui jar; the node script
 * {@code ui-resources/browser-test/offering-form.mjs} drives Debian's headless Chromium through it
 * (log in, show/hide rules, the server's error text, create, list, log out). Afterwards the API is
 * asked what the form really created, so a page that only looks right cannot pass.
 *
 * <p>Screenshots land in {@code test/target/ui-browser-test/}.
 */
public class OfferingFormBrowserTest {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(5);
    private static final String SCRIPT = "browser-test/offering-form.mjs";
    private static final String ZONE = "ui-zone";

    @Test
    public void offeringFormEnforcesItsRulesShowsServerErrorsAndCreatesOfferingsInHeadlessChromium() throws Exception {
        BrowserScript script = BrowserScript.named(SCRIPT);
        String adminPassword = "ui-" + UUID.randomUUID();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path work = Files.createTempDirectory("kboss-ui-test-");
        Path screenshots = Path.of("target", "ui-browser-test").toAbsolutePath();
        try (TestDatabase db = TestDatabase.create("ui_offering_form");
                KbossServer server = KbossServer.start(KbossServerConfig.builder()
                        .jdbc(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD)
                        .http("127.0.0.1", 0).workFolder(work).adminPassword(adminPassword).build())) {
            ApiSession admin = ApiSession.login(server.baseUrl(), "admin", adminPassword, "/");
            admin.ok("createZone", "name", ZONE);

            BrowserScript.Result result = script.run(Map.of(
                    "KBOSS_UI_URL", server.baseUrl() + "/client/",
                    "KBOSS_UI_USERNAME", "admin",
                    "KBOSS_UI_PASSWORD", adminPassword,
                    "KBOSS_UI_ZONE", ZONE,
                    "KBOSS_UI_RUN", run,
                    "KBOSS_UI_OUTPUT_DIR", screenshots.toString()), SCRIPT_TIMEOUT);

            System.out.println(result.output()); // kept in the Surefire report, pass or fail
            assertTrue(result.describe(SCRIPT, SCRIPT_TIMEOUT), result.passed());
            assertTrue("The script exited 0 without reporting PASSED:\n" + result.output(),
                    result.output().contains("PASSED"));

            JsonObject gold = onlyOffering(admin, "ui-gold-" + run);
            assertEquals(ZONE, gold.get("zonename").getAsString());
            assertEquals("zlib", gold.get("compressionlibrary").getAsString());
            assertEquals("wait_for_boot,screenshot", text(gold.get("validationsteps")));
            assertEquals(5, gold.get("backupchainsize").getAsInt());
            assertTrue(gold.get("allowquickrestore").getAsBoolean());
            assertTrue(gold.get("allowextractfile").getAsBoolean());
            assertFalse("a public offering has no domain: " + gold, gold.has("domainid"));

            JsonObject dedicated = onlyOffering(admin, "ui-dedicated-" + run);
            assertTrue("the dedicated offering names its domain: " + dedicated, dedicated.has("domainid"));
            assertFalse(dedicated.get("compress").getAsBoolean());
            assertFalse(dedicated.get("validate").getAsBoolean());

            assertEquals("the refused offering must not exist", 0, offerings(admin, "ui-refused-" + run).size());
            assertTrue(Files.isRegularFile(screenshots.resolve("offering-list.png")));
        } finally {
            deleteTree(work);
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static JsonObject onlyOffering(ApiSession admin, String name) throws Exception {
        JsonArray found = offerings(admin, name);
        assertEquals("offerings named " + name + ": " + found, 1, found.size());
        return found.get(0).getAsJsonObject();
    }

    private static JsonArray offerings(ApiSession admin, String name) throws Exception {
        return admin.succeeds("listBackupOfferings", "name", name).items("backupoffering");
    }

    // validationsteps may come as "a,b" or as ["a","b"]; the form sends "a,b".
    private static String text(JsonElement value) {
        if (value.isJsonArray()) {
            StringBuilder joined = new StringBuilder();
            value.getAsJsonArray().forEach(e -> joined.append(joined.length() == 0 ? "" : ",").append(e.getAsString()));
            return joined.toString();
        }
        return value.getAsString();
    }
}
