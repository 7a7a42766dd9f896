package io.kboss.server.app;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Answers as CloudStack gives them, over real HTTP: XML when {@code response} is absent or xml
 * (also errors and job results), empty lists as {@code {}}, CloudStack's paging rules, JSON
 * errors for requests too large for the server to read, and assign/removeVirtualMachine...BackupOffering
 * as async jobs whose result is {@code success}.
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

    /** Polls queryAsyncJobResult (XML) until the job has ended; answers its root element. */
    private static Element endedJobInXml(String jobId) throws Exception {
        Element job = null;
        for (int i = 0; i < 100; i++) {
            job = xml(sessionCall(null, "queryAsyncJobResult", "jobid", jobId));
            if (!"0".equals(text(job, "jobstatus"))) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " has not ended in 10 s");
    }

    @Test
    public void assignAndRemoveOfAVmAreAsyncAndTheirJobsAnswerSuccessAsInCloudStack() throws Exception {
        String zone = admin.call("createZone", "name", "assign-zone").response("createZone").getAsJsonObject("zone")
                .get("id").getAsString();
        ApiClient.Answer made = admin.call("createBackupOffering", "name", "assign-gold", "description", "Gold",
                "allowuserdrivenbackups", "true",
                "zoneid", zone);
        assertEquals(made.body().toString(), 200, made.status());
        String offering = made.response("createBackupOffering").getAsJsonObject("backupoffering").get("id")
                .getAsString();
        String vm = UUID.randomUUID().toString();
        try (Connection c = servers.db.connect()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO vm_instance (uuid, name, domain_uuid,"
                    + " account_id, domain_id, zone_id, state, power_state, created) SELECT ?, 'assign-vm', ?, a.id,"
                    + " a.domain_id, z.id, 'Stopped', 'PowerOff', NOW(3) FROM account a, zone z WHERE a.name ="
                    + " 'admin' AND z.uuid = ?")) {
                ps.setString(1, vm);
                ps.setString(2, UUID.randomUUID().toString());
                ps.setString(3, zone);
                assertEquals(1, ps.executeUpdate());
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO volume (uuid, name, vm_id, account_id,"
                    + " domain_id, zone_id, device, device_id, volume_type, bus, path, format, virtual_size,"
                    + " storage_kind, state, created) SELECT ?, 'assign-vm-root', v.id, v.account_id, v.domain_id,"
                    + " v.zone_id, 'vda', 0, 'ROOT', 'virtio', '/var/lib/assign-vm/root.qcow2', 'qcow2', 16777216,"
                    + " 'FILE', 'Ready', NOW(3) FROM vm_instance v WHERE v.uuid = ?")) {
                ps.setString(1, UUID.randomUUID().toString());
                ps.setString(2, vm);
                assertEquals(1, ps.executeUpdate());
            }
        }

        // CloudStack's default format: the start answers jobid (and the VM), the job's result is success.
        Element started = xml(sessionCall(null, "assignVirtualMachineToBackupOffering", "virtualmachineid", vm,
                "backupofferingid", offering));
        assertEquals("assignvirtualmachinetobackupofferingresponse", started.getTagName());
        assertEquals(vm, text(started, "id"));
        Element assigned = endedJobInXml(text(started, "jobid"));
        assertEquals("1", text(assigned, "jobstatus"));
        assertEquals("VirtualMachine", text(assigned, "jobinstancetype"));
        Element result = (Element) assigned.getElementsByTagName("jobresult").item(0);
        assertEquals("true", text(result, "success"));
        JsonObject listed = admin.call("listVirtualMachines", "id", vm).response("listVirtualMachines")
                .getAsJsonArray("virtualmachine").get(0).getAsJsonObject();
        assertEquals(offering, listed.get("backupofferingid").getAsString());

        // JSON: refusals the request can decide come at once, with no job.
        ApiClient.Answer refused = admin.call("assignVirtualMachineToBackupOffering", "virtualmachineid", vm,
                "backupofferingid", UUID.randomUUID().toString());
        assertEquals(431, refused.status());
        assertFalse(refused.body().toString(), refused.response("assignVirtualMachineToBackupOffering").has("jobid"));
        JsonObject removing = admin.call("removeVirtualMachineFromBackupOffering", "virtualmachineid", vm)
                .response("removeVirtualMachineFromBackupOffering");
        assertEquals(vm, removing.get("id").getAsString());
        Element removed = endedJobInXml(removing.get("jobid").getAsString());
        assertEquals("1", text(removed, "jobstatus"));
        assertEquals("true", text((Element) removed.getElementsByTagName("jobresult").item(0), "success"));
        ApiClient.Answer again = admin.call("removeVirtualMachineFromBackupOffering", "virtualmachineid", vm);
        assertEquals(431, again.status());
        assertTrue(again.body().toString(), again.errorText("removeVirtualMachineFromBackupOffering")
                .contains("not assigned to a backup offering"));
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
