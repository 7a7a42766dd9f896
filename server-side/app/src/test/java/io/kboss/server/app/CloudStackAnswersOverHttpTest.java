package io.kboss.server.app;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Answers as CloudStack gives them, over real HTTP: XML when {@code response} is absent or xml
 * (also errors and job results), empty lists as {@code {}}, CloudStack's paging rules, and JSON
 * errors for requests too large for the server to read.
 */
public class CloudStackAnswersOverHttpTest {
    private static TestServers servers;
    private static ApiClient admin;

    @BeforeClass
    public static void startServer() throws Exception {
        TestCommands.signal = new CountDownLatch(0);
        servers = TestServers.start("answers", b -> b.plugin(TestCommands.class));
        admin = servers.admin();
    }

    @AfterClass
    public static void stopServer() throws Exception {
        if (servers != null) {
            servers.close();
        }
    }

    /** A session call without {@code response}, or with the given one; answers the raw response. */
    private static HttpResponse<String> sessionCall(String format, String command, String... kv) throws Exception {
        Map<String, String> p = ApiClient.params(command, kv);
        p.remove("response");
        if (format != null) {
            p.put("response", format);
        }
        p.put("sessionkey", admin.sessionKey());
        return servers.client().rawGet(p, admin.cookie());
    }

    private static Element xml(HttpResponse<String> r) throws Exception {
        assertEquals(r.body(), "text/xml; charset=UTF-8", r.headers().firstValue("Content-Type").orElse(""));
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)));
        Element root = d.getDocumentElement();
        assertEquals("4.20.0.0", root.getAttribute("cloud-stack-version"));
        return root;
    }

    private static String text(Element parent, String child) {
        return parent.getElementsByTagName(child).item(0).getTextContent();
    }

    @Test
    public void withoutResponseTheAnswerIsCloudStacksXml() throws Exception {
        admin.call("createZone", "name", "xml-a & <b>");
        admin.call("createZone", "name", "xml-c");
        HttpResponse<String> r = sessionCall(null, "listZones", "keyword", "xml-");
        assertEquals(200, r.statusCode());
        Element root = xml(r);
        assertEquals("listzonesresponse", root.getTagName());
        assertEquals("2", text(root, "count"));
        assertEquals(2, root.getElementsByTagName("zone").getLength());
        Element first = (Element) root.getElementsByTagName("zone").item(0);
        assertEquals("xml-a & <b>", text(first, "name"));
        assertEquals(root, first.getParentNode());
    }

    @Test
    public void errorsAreAnsweredInXmlWithTheSameStatusAndCodes() throws Exception {
        HttpResponse<String> r = sessionCall("xml", "createZone");
        assertEquals(431, r.statusCode());
        Element root = xml(r);
        assertEquals("createzoneresponse", root.getTagName());
        assertEquals("431", text(root, "errorcode"));
        assertEquals("4350", text(root, "cserrorcode"));
        assertTrue(text(root, "errortext").contains("missing parameter name"));
        Map<String, String> anonymous = ApiClient.params("listZones");
        anonymous.remove("response");
        HttpResponse<String> refused = servers.client().rawGet(anonymous, null);
        assertEquals(401, refused.statusCode());
        assertEquals("401", text(xml(refused), "errorcode"));
    }

    @Test
    public void anUnknownResponseFormatIsRefusedNamingBoth() throws Exception {
        HttpResponse<String> r = sessionCall("yaml", "listZones");
        assertEquals(431, r.statusCode());
        assertTrue(r.body(), text(xml(r), "errortext").contains("response must be json or xml"));
    }

    @Test
    public void anAsyncJobAndItsResultAreAnsweredInXml() throws Exception {
        Element started = xml(sessionCall("xml", "waitForSignal", "label", "inxml"));
        String jobId = text(started, "jobid");
        Element job = null;
        for (int i = 0; i < 100; i++) {
            job = xml(sessionCall(null, "queryAsyncJobResult", "jobid", jobId));
            if (!"0".equals(text(job, "jobstatus"))) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals("1", text(job, "jobstatus"));
        Element result = (Element) job.getElementsByTagName("jobresult").item(0);
        Element signal = (Element) result.getElementsByTagName("signal").item(0);
        assertTrue(signal.getTextContent(), signal.getTextContent().contains("inxml"));
    }

    @Test
    public void anEmptyListIsAnEmptyObjectAsInCloudStack() throws Exception {
        HttpResponse<String> r = sessionCall("json", "listZones", "keyword", "no-such-zone-anywhere");
        assertEquals(200, r.statusCode());
        assertEquals("{\"listzonesresponse\":{}}", r.body());
    }

    @Test
    public void pageAndPagesizeComeTogetherAndMinusOneListsEverything() throws Exception {
        for (int i = 0; i < 3; i++) {
            admin.call("createZone", "name", "paging-" + i);
        }
        ApiClient.Answer noSize = admin.call("listZones", "keyword", "paging-", "page", "2");
        assertEquals(431, noSize.status());
        assertTrue(noSize.errorText("listZones").contains("pagesize is required when page is given"));
        assertEquals(431, admin.call("listZones", "keyword", "paging-", "pagesize", "2").status());
        JsonObject all = admin.call("listZones", "keyword", "paging-", "pagesize", "-1").response("listZones");
        assertEquals(3, ApiClient.count(all));
        assertEquals(3, all.getAsJsonArray("zone").size());
        assertEquals(1, admin.call("listZones", "keyword", "paging-", "page", "2", "pagesize", "2")
                .response("listZones").getAsJsonArray("zone").size());
    }

    @Test
    public void listCapabilitiesReportsTheCloudStackVersionItImplements() throws Exception {
        JsonObject cap = admin.call("listCapabilities").response("listCapabilities").getAsJsonObject("capability");
        assertEquals("4.20.0.0", cap.get("cloudstackversion").getAsString());
    }

    @Test
    public void anOverlongUrlGetsAJsonErrorNotJettysPage() throws Exception {
        HttpResponse<String> r = servers.client().rawGet(ApiClient.params("listZones", "keyword", "x".repeat(20_000)),
                null);
        assertEquals(414, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonObject e = JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("errorresponse");
        assertEquals(414, e.get("errorcode").getAsInt());
        assertTrue(e.get("errortext").getAsString().contains("POST body"));
        assertFalse(r.body().contains("<html"));
    }

    @Test
    public void overlongHeadersGetAJsonErrorNotJettysPage() throws Exception {
        HttpResponse<String> r = servers.client().rawGet(ApiClient.params("listZones"),
                "JSESSIONID=" + "y".repeat(20_000));
        assertEquals(431, r.statusCode());
        JsonObject e = JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("errorresponse");
        assertEquals(431, e.get("errorcode").getAsInt());
        assertTrue(e.get("errortext").getAsString().contains("headers are too large"));
    }
}
