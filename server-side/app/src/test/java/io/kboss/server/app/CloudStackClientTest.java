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
        return run(command);
    }

    /**
     * python3-cs's library in XML mode: {@code json=False} sends no {@code response} parameter (so the
     * server's default, XML, answers) and hands back the body as it came; an error carries it too.
     */
    private static final String XML_MODE = String.join("\n",
            "import os, sys",
            "from cs import CloudStack, CloudStackApiException",
            "c = CloudStack(endpoint=os.environ['CLOUDSTACK_ENDPOINT'], key=os.environ['CLOUDSTACK_KEY'],",
            "               secret=os.environ['CLOUDSTACK_SECRET'])",
            "try:",
            "    print(getattr(c, sys.argv[1])(json=False, **dict(a.split('=', 1) for a in sys.argv[2:])))",
            "except CloudStackApiException as e:",
            "    print(e.error)",
            "    sys.exit(3)");

    private static Run csXml(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PYTHON, "-c", XML_MODE));
        command.addAll(List.of(args));
        return run(command);
    }

    private static Run run(List<String> command) throws Exception {
        String[] args = command.toArray(new String[0]);
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
    public void xmlModeOfTheRealClientGetsCloudStacksXmlAnswersAndErrors() throws Exception {
        cs("createZone", "name=zone-in-xml");
        Run list = csXml("listZones", "name=zone-in-xml");
        assertEquals("cs reported an error", 0, list.exit());
        org.w3c.dom.Element root = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(list.out().trim().getBytes(StandardCharsets.UTF_8)))
                .getDocumentElement();
        assertEquals("listzonesresponse", root.getTagName());
        assertEquals("4.20.0.0", root.getAttribute("cloud-stack-version"));
        assertEquals("1", root.getElementsByTagName("count").item(0).getTextContent());
        assertEquals("zone-in-xml", ((org.w3c.dom.Element) root.getElementsByTagName("zone").item(0))
                .getElementsByTagName("name").item(0).getTextContent());

        Run error = csXml("createZone");
        assertEquals(error.err(), 3, error.exit());
        assertTrue(error.out(), error.out().contains("<createzoneresponse cloud-stack-version=\"4.20.0.0\">"
                + "<errorcode>431</errorcode><cserrorcode>4350</cserrorcode>"));
    }

    @Test
    public void anEmptyListIsAnsweredAsCloudStackDoesAndTheRealClientAcceptsIt() throws Exception {
        Run r = cs("listZones", "keyword=nothing-has-this-name");
        assertEquals("cs reported an error", "", r.err());
        assertEquals(0, r.exit());
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
