package io.kboss.test.backup;

import static io.kboss.test.backup.DiskContent.assertPattern;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kboss.test.api.ApiSession;
import io.kboss.test.offering.CloudStackCli;
import io.kboss.test.support.AgentJvm;
import io.kboss.test.support.LabDomain;
import java.util.UUID;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The backup lifecycle driven by Debian's python3-cs, a real CloudStack client, unchanged: it signs
 * every call (signature v3) and follows async jobs by itself through queryAsyncJobResult. Against an
 * in-process server on real MariaDB, a real kboss-agent and a TCG domain on the machine's libvirtd.
 */
public class CloudStackClientBackupTest {
    private static LabCloud cloud;
    private static LabDomain domain;
    private static CloudStackCli cs;
    private static String hostId;
    private static String offeringId;

    @BeforeClass
    public static void startEverything() throws Exception {
        // No zone and an unpaired agent: the CloudStack client makes them.
        cloud = LabCloud.builder("kbt-cs-", "cs_backup").adminPassword("cs-admin").agentNotPaired()
                .domainPrefix("kbt-cs-").start();
        ApiSession admin = cloud.admin;
        String adminId = admin.ok("listUsers", "username", "admin").getAsJsonArray("user").get(0).getAsJsonObject()
                .get("id").getAsString();
        JsonObject keys = admin.ok("registerUserKeys", "id", adminId).getAsJsonObject("userkeys");
        cs = new CloudStackCli(cloud.baseUrl() + "/client/api", keys.get("apikey").getAsString(),
                keys.get("secretkey").getAsString());

        String zone = ok("createZone", "name=cs-zone").getAsJsonObject("zone").get("id").getAsString();
        ok("addImageStore", "name=cs-store", "url=" + cloud.store, "zoneid=" + zone);
        offeringId = ok("createBackupOffering", "name=cs-offering", "description=via python3-cs", "zoneid=" + zone,
                "allowuserdrivenbackups=true", "backupchainsize=4").getAsJsonObject("backupoffering").get("id")
                .getAsString();
        AgentJvm agent = cloud.agents.get(0);
        hostId = ok("addHost", "zoneid=" + zone, "url=" + agent.uri, "pairingcode=" + agent.pairingCode(),
                "hypervisor=KVM").getAsJsonArray("host").get(0).getAsJsonObject().get("id").getAsString();
        domain = cloud.startDomain("16M", null);
    }

    @AfterClass
    public static void stopEverything() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    public void aRealCloudStackClientBacksUpRestoresAndDeletesWithItsOwnAsyncJobHandling() throws Exception {
        JsonObject reconnected = job("reconnectHost", "id=" + hostId);
        assertEquals("Up", reconnected.getAsJsonObject("host").get("state").getAsString());
        JsonObject store = ok("listImageStores", "name=cs-store").getAsJsonArray("imagestore").get(0)
                .getAsJsonObject();
        assertTrue("reconnectHost had the agent measure the store: " + store, store.get("disksizetotal").getAsLong() > 0
                && store.get("disksizeused").getAsLong() > 0 && !store.get("readonly").getAsBoolean());
        String vm = ok("listVirtualMachines", "name=" + domain.name).getAsJsonArray("virtualmachine").get(0)
                .getAsJsonObject().get("id").getAsString();
        // Async as in CloudStack: cs follows the job and prints its result, CloudStack's SuccessResponse.
        JsonObject assigned = job("assignVirtualMachineToBackupOffering", "virtualmachineid=" + vm,
                "backupofferingid=" + offeringId);
        assertTrue(assigned.toString(), assigned.get("success").getAsBoolean());

        domain.write(0x11, "0", "1M");
        job("createBackup", "virtualmachineid=" + vm, "name=cs-full", "description=before the second write");
        domain.write(0x22, "1M", "1M");
        job("createBackup", "virtualmachineid=" + vm);
        JsonArray backups = ok("listBackups", "virtualmachineid=" + vm).getAsJsonArray("backup");
        assertEquals(backups.toString(), 2, backups.size());
        JsonObject full = byType(backups, "Full");
        JsonObject incremental = byType(backups, "Incremental");
        assertEquals(full.get("id").getAsString(), incremental.get("parentid").getAsString());
        // CloudStack's BackupResponse fields, as python3-cs prints them.
        assertEquals("cs-full", full.get("name").getAsString());
        assertEquals("before the second write", full.get("description").getAsString());
        assertEquals("cs-zone", full.get("zone").getAsString());
        assertEquals(hostId, full.get("hostid").getAsString());
        assertEquals(full.get("date").getAsString(), full.get("created").getAsString());
        JsonArray volumes = JsonParser.parseString(full.get("volumes").getAsString()).getAsJsonArray();
        assertEquals(volumes.toString(), "ROOT", volumes.get(0).getAsJsonObject().get("type").getAsString());
        assertEquals(1, ok("listBackups", "virtualmachineid=" + vm, "name=cs-full").getAsJsonArray("backup").size());

        CloudStackCli.Run running = cs.run("--quiet", "restoreBackup", "id=" + full.get("id").getAsString());
        assertTrue(running.out(), running.out().contains("must be stopped") && running.out().contains("431"));

        cloud.libvirt.withConnection(c -> {
            c.domainLookupByUUIDString(domain.libvirtUuid).destroy();
            return null;
        });
        job("reconnectHost", "id=" + hostId);
        job("restoreBackup", "id=" + full.get("id").getAsString());
        assertPattern(domain.disk, 0x11, 0);
        assertPattern(domain.disk, 0x00, 1);

        job("deleteBackup", "id=" + incremental.get("id").getAsString());
        JsonArray left = ok("listBackups", "virtualmachineid=" + vm).getAsJsonArray("backup");
        assertEquals(left.toString(), 1, left.size());
        assertEquals(full.get("id").getAsString(), left.get(0).getAsJsonObject().get("id").getAsString());

        CloudStackCli.Run unknown = cs.run("--quiet", "deleteBackup", "id=" + UUID.randomUUID());
        assertTrue(unknown.out(), unknown.out().contains("431") && unknown.out().contains("listBackups"));
    }

    /** A sync command through cs; its answer (cs prints the object under the response key). */
    private static JsonObject ok(String command, String... args) throws Exception {
        CloudStackCli.Run r = cs.run(withArgs("--post", command, args));
        assertEquals(command + ": " + r.out(), "", r.err());
        return JsonParser.parseString(r.out()).getAsJsonObject();
    }

    /**
     * An async command: cs follows the job itself and prints its {@code jobresult} when it succeeded
     * (a failed job makes it print the error and "CloudStack error" on stderr).
     */
    private static JsonObject job(String command, String... args) throws Exception {
        CloudStackCli.Run r = cs.run(withArgs("--quiet", command, args));
        assertEquals(command + ": " + r.out(), "", r.err());
        return JsonParser.parseString(r.out()).getAsJsonObject();
    }

    private static String[] withArgs(String flag, String command, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = flag;
        all[1] = command;
        System.arraycopy(args, 0, all, 2, args.length);
        return all;
    }

    private static JsonObject byType(JsonArray backups, String type) {
        for (var e : backups) {
            if (e.getAsJsonObject().get("type").getAsString().equals(type)) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError("no " + type + " backup in " + backups);
    }
}
