package io.kboss.test.backup;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import br.com.autonomiccs.apacheCloudStack.client.ApacheCloudStackClient;
import br.com.autonomiccs.apacheCloudStack.client.ApacheCloudStackRequest;
import br.com.autonomiccs.apacheCloudStack.client.beans.ApacheCloudStackUser;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kboss.test.offering.CloudStackCli;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's client examples ("Use it with a real CloudStack client"), run as a user would after
 * bin/kboss-up, on the demonstration's set-up (zone demo-zone with its host, store and demo-offering, the
 * demo VM): password login with a cookie jar and XML answers, registerUserKeys, python3-cs (JSON, and XML
 * through its Python API), and the Java client in password mode. Every backup is of the real demo VM.
 */
final class ReadmeClientExamples {
    private static final String PYTHON = "/usr/bin/python3";

    private ReadmeClientExamples() {
    }

    static void runOnTheDemo(String baseUrl, String adminPassword, String vmName) throws Exception {
        String api = baseUrl + "/client/api";
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

        // curl -s -c .work/jar -d "command=login&username=admin&password=$P&response=json" $API
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(api))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("command=login&username=admin&password="
                        + URLEncoder.encode(adminPassword, StandardCharsets.UTF_8) + "&response=json"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(login.body(), 200, login.statusCode());
        JsonObject session = JsonParser.parseString(login.body()).getAsJsonObject().getAsJsonObject("loginresponse");
        String userId = session.get("userid").getAsString();
        assertTrue(session.toString(), session.has("sessionkey"));

        // curl -s -b .work/jar "$API?command=listZones&name=demo-zone": XML, CloudStack's default
        String zonesXml = get(http, api + "?command=listZones&name=demo-zone");
        assertTrue(zonesXml, zonesXml.contains("<listzonesresponse cloud-stack-version=\"4.20.0.0\">")
                && zonesXml.contains("<name>demo-zone</name>"));
        Matcher zoneId = Pattern.compile("<zone><id>([^<]+)</id>").matcher(zonesXml);
        assertTrue(zonesXml, zoneId.find());
        String zone = zoneId.group(1);

        JsonArray vms = json(get(http, api + "?command=listVirtualMachines&name=" + vmName + "&response=json"))
                .getAsJsonObject("listvirtualmachinesresponse").getAsJsonArray("virtualmachine");
        assertTrue("the demo VM is listed: " + vms, vms != null && vms.size() >= 1);
        String vm = vms.get(vms.size() - 1).getAsJsonObject().get("id").getAsString();
        JsonObject keys = json(get(http, api + "?command=registerUserKeys&id=" + userId + "&response=json"))
                .getAsJsonObject("registeruserkeysresponse").getAsJsonObject("userkeys");
        CloudStackCli cs = new CloudStackCli(api, keys.get("apikey").getAsString(),
                keys.get("secretkey").getAsString());

        // python3-cs, with the keys in the environment, as the README lists the commands.
        JsonArray offerings = cs(cs, "listBackupOfferings", "zoneid=" + zone).getAsJsonArray("backupoffering");
        assertTrue(offerings.toString(), names(offerings).contains("demo-offering"));
        JsonObject taken = cs(cs, "createBackup", "virtualmachineid=" + vm).getAsJsonObject("backup");
        assertEquals(taken.toString(), "BackedUp", taken.get("status").getAsString());
        JsonArray listed = cs(cs, "listBackups", "virtualmachineid=" + vm).getAsJsonArray("backup");
        assertTrue(listed.toString(), listed.toString().contains(taken.get("id").getAsString()));
        String gold = cs(cs, "createBackupOffering", "name=gold", "description=Gold", "zoneid=" + zone,
                "allowuserdrivenbackups=true", "compress=true", "compressionlibrary=zstd", "validate=true",
                "validationsteps=wait_for_boot,screenshot", "allowquickrestore=true", "backupchainsize=7")
                .getAsJsonObject("backupoffering").get("id").getAsString();
        assertTrue(cs(cs, "removeVirtualMachineFromBackupOffering", "virtualmachineid=" + vm).get("success")
                .getAsBoolean());
        assertTrue(cs(cs, "assignVirtualMachineToBackupOffering", "virtualmachineid=" + vm,
                "backupofferingid=" + gold).get("success").getAsBoolean());
        JsonObject onGold = cs(cs, "createBackup", "virtualmachineid=" + vm).getAsJsonObject("backup");
        assertEquals("the offering made in the demo zone backs up the demo VM: " + onGold, "gold",
                onGold.get("backupofferingname").getAsString());
        assertEquals("Full", onGold.get("type").getAsString());
        cs(cs, "updateConfiguration", "name=backup.chain.size", "value=4", "zoneid=" + zone);

        // python3-cs's Python API in XML mode (the README's last python line).
        String xml = python(api, keys, "from cs import CloudStack, read_config; "
                + "print(CloudStack(**read_config()).listZones(json=False))");
        assertTrue(xml, xml.contains("<listzonesresponse") && xml.contains("<name>demo-zone</name>"));

        // The Java client in password mode: it logs in, calls with the session cookies, logs out.
        ApacheCloudStackClient client = new ApacheCloudStackClient(api,
                new ApacheCloudStackUser("admin", adminPassword, "/"));
        ApacheCloudStackRequest request = new ApacheCloudStackRequest("listBackups");
        request.addParameter("response", "json");
        String answer = client.executeRequest(request);
        assertTrue(answer, answer.contains(onGold.get("id").getAsString()));
        String inXml = client.executeRequest(new ApacheCloudStackRequest("listBackups"));
        assertTrue(inXml, inXml.startsWith("<?xml") && inXml.contains(onGold.get("id").getAsString()));
    }

    private static List<String> names(JsonArray a) {
        List<String> out = new java.util.ArrayList<>();
        for (JsonElement e : a) {
            out.add(e.getAsJsonObject().get("name").getAsString());
        }
        return out;
    }

    private static String get(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(url + ": " + r.body(), 200, r.statusCode());
        return r.body();
    }

    private static JsonObject json(String body) {
        return JsonParser.parseString(body).getAsJsonObject();
    }

    /** {@code /usr/bin/python3 -m cs COMMAND key=value...}, no flags, as the README writes it. */
    private static JsonObject cs(CloudStackCli cs, String... args) throws Exception {
        CloudStackCli.Run r = cs.run(args);
        assertFalse(args[0] + ": " + r.out() + r.err(), r.err().contains("CloudStack error"));
        return json(r.out());
    }

    private static String python(String api, JsonObject keys, String code) throws Exception {
        Path out = Files.createTempFile("readme-py", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(List.of(PYTHON, "-c", code)).redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            pb.environment().remove("CLOUDSTACK_CONFIG");
            pb.environment().put("CLOUDSTACK_ENDPOINT", api);
            pb.environment().put("CLOUDSTACK_KEY", keys.get("apikey").getAsString());
            pb.environment().put("CLOUDSTACK_SECRET", keys.get("secretkey").getAsString());
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("python3 -c did not finish within 60 s");
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            assertEquals(text, 0, p.exitValue());
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
