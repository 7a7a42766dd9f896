package io.kboss.test.host;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kboss.agent.contract.auth.PairingCode;
import io.kboss.agent.vm.LibvirtConnection;
import io.kboss.db.testing.TestDatabase;
import io.kboss.server.app.KbossServer;
import io.kboss.server.app.KbossServerConfig;
import io.kboss.server.host.HostMonitor;
import io.kboss.server.host.HostRepository.Host;
import io.kboss.server.host.HostStatusListener;
import io.kboss.server.host.VmDiscovery.SyncResult;
import io.kboss.test.api.ApiSession;
import io.kboss.test.api.ApiSession.Answer;
import io.kboss.test.support.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Hosts, VMs and volumes through the HTTP API: the real server in-process on its own database, a
 * real kboss-agent in-process, real libvirtd with a tiny TCG domain.
 */
public class HostsOverHttpTest {
    private static final String ADMIN_PASSWORD = "admin-password-for-host-tests";
    static final List<String> HOST_EVENTS = new CopyOnWriteArrayList<>();

    private static TestDatabase db;
    private static KbossServer server;
    private static ApiSession admin;
    private static Path work;
    private static InProcessAgent agent;
    private static LibvirtConnection libvirt;
    private static TinyVm vm;
    private static String zoneId;
    private static String hostId;

    /** Records what the monitor tells listeners, as backup orchestration would receive it. */
    @Configuration
    public static class RecordingListener {
        @Bean
        public HostStatusListener recordingHostListener() {
            return new HostStatusListener() {
                @Override
                public void hostDown(Host host, List<String> unfinishedOperations) {
                    HOST_EVENTS.add("down " + host.uuid() + " " + unfinishedOperations);
                }

                @Override
                public void hostUp(Host host) {
                    HOST_EVENTS.add("up " + host.uuid());
                }
            };
        }
    }

    @BeforeClass
    public static void startServerAgentAndVm() throws Exception {
        db = TestDatabase.create("hosts_http");
        work = Files.createTempDirectory("kboss-hosts-http");
        server = KbossServer.start(KbossServerConfig.builder()
                .jdbc(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD).http("127.0.0.1", 0)
                .workFolder(work).adminPassword(ADMIN_PASSWORD).plugin(RecordingListener.class).build());
        admin = ApiSession.login(server.baseUrl(), "admin", ADMIN_PASSWORD, "/");
        zoneId = admin.succeeds("createZone", "name", "zone-hosts").response().getAsJsonObject("zone").get("id")
                .getAsString();
        libvirt = new LibvirtConnection("qemu:///system");
        vm = new TinyVm(libvirt);
        agent = new InProcessAgent(Files.createTempDirectory("kboss-hosts-agent"));
        Answer added = admin.succeeds("addHost", "zoneid", zoneId, "url", agent.url(), "pairingcode",
                agent.pairingCode(),
                "hypervisor", "KVM");
        hostId = added.items("host").get(0).getAsJsonObject().get("id").getAsString();
    }

    @AfterClass
    public static void stopAll() throws Exception {
        try (AutoCloseable d = db::close;
                AutoCloseable s = () -> close(server);
                AutoCloseable a = () -> close(agent);
                AutoCloseable l = () -> close(libvirt);
                AutoCloseable v = () -> close(vm)) {
            // closed in reverse order: the VM, libvirt, the agent, the server, the database
        }
    }

    private static void close(AutoCloseable c) throws Exception {
        if (c != null) {
            c.close();
        }
    }

    @Test
    public void aPairedHostIsListedUpWithItsAgentAndVersionsButNeverItsChannelKey() throws Exception {
        JsonObject h = onlyHost(admin.succeeds("listHosts", "id", hostId));
        assertEquals("Up", h.get("state").getAsString());
        assertEquals(zoneId, h.get("zoneid").getAsString());
        assertEquals("127.0.0.1", h.get("ipaddress").getAsString());
        assertEquals("0.1.0-SNAPSHOT", h.get("version").getAsString());
        assertEquals("KVM", h.get("hypervisor").getAsString());
        assertTrue(h.toString(), h.has("lastpinged"));
        assertFalse(h.toString(), h.toString().toLowerCase().contains("key"));
        byte[] sealed = sealedKey(hostId);
        byte[] agentKey = Files.readAllBytes(agent.stateDir.resolve("channel-key"));
        assertTrue("the stored key must be sealed, not the agent's key as is",
                sealed.length > agentKey.length && !new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1)
                        .contains(new String(agentKey, java.nio.charset.StandardCharsets.ISO_8859_1)));
        assertEquals(1, io.kboss.test.api.ApiSession.count(admin.succeeds("listHosts", "keyword",
                h.get("name").getAsString(), "zoneid", zoneId).response()));
    }

    @Test
    public void aWrongPairingCodeIsRefusedWith431AndChangesNothingSoTheRightCodeStillWorks() throws Exception {
        try (InProcessAgent fresh = new InProcessAgent(Files.createTempDirectory("kboss-hosts-agent2"))) {
            int before = io.kboss.test.api.ApiSession.count(admin.succeeds("listHosts").response());
            String wrong = PairingCode.format(PairingCode.newSecret(new SecureRandom()));
            Answer refused = admin.call("addHost", "zoneid", zoneId, "url", fresh.url(), "pairingcode", wrong);
            assertEquals(refused.response().toString(), 431, refused.status());
            assertTrue(refused.errorText(), refused.errorText().contains("refused the pairing code")
                    && refused.errorText().contains("Nothing was registered"));
            Answer garbage = admin.call("addHost", "zoneid", zoneId, "url", fresh.url(), "pairingcode", "not-a-code");
            assertEquals(garbage.response().toString(), 431, garbage.status());
            assertEquals(before, io.kboss.test.api.ApiSession.count(admin.succeeds("listHosts").response()));

            Answer added = admin.succeeds("addHost", "zoneid", zoneId, "url", fresh.url(), "pairingcode",
                    fresh.pairingCode());
            String id = added.items("host").get(0).getAsJsonObject().get("id").getAsString();
            assertEquals(before + 1, io.kboss.test.api.ApiSession.count(admin.succeeds("listHosts").response()));
            Answer again = admin.call("addHost", "zoneid", zoneId, "url", fresh.url() + "/", "pairingcode", wrong);
            assertEquals(431, again.status());
            assertTrue(again.errorText(), again.errorText().contains("is already host"));

            admin.succeeds("deleteHost", "id", id);
            assertEquals(before, io.kboss.test.api.ApiSession.count(admin.succeeds("listHosts").response()));
        }
    }

    @Test
    public void aDiscoveredVmAndItsDisksAreListedAfterASync() throws Exception {
        SyncResult r = server.bean(HostMonitor.class).syncNow(hostId);
        assertTrue(r.toString(), r.added() + r.updated() >= 1);
        JsonObject v = vmNamed(admin, vm.name);
        assertNotNull("VM " + vm.name + " listed", v);
        assertEquals("Stopped", v.get("state").getAsString());
        assertEquals(hostId, v.get("hostid").getAsString());
        assertEquals(zoneId, v.get("zoneid").getAsString());
        assertEquals("admin", v.get("account").getAsString());

        JsonArray volumes = admin.succeeds("listVolumes", "virtualmachineid", v.get("id").getAsString())
                .items("volume");
        assertEquals(volumes.toString(), 2, volumes.size());
        JsonObject root = volumes.get(0).getAsJsonObject();
        JsonObject data = volumes.get(1).getAsJsonObject();
        assertEquals("ROOT", root.get("type").getAsString());
        assertEquals(0, root.get("deviceid").getAsInt());
        assertEquals("vda", root.get("device").getAsString());
        assertEquals(vm.root.toString(), root.get("path").getAsString());
        assertEquals(64L << 20, root.get("size").getAsLong());
        assertEquals("qcow2", root.get("format").getAsString());
        assertEquals("DATADISK", data.get("type").getAsString());
        assertEquals(1, data.get("deviceid").getAsInt());
        assertEquals(32L << 20, data.get("size").getAsLong());
        assertEquals("raw", data.get("format").getAsString());

        String fingerprint = fingerprint(v.get("id").getAsString());
        assertEquals(64, fingerprint.length());
        server.bean(HostMonitor.class).syncNow(hostId);
        assertEquals("a second sync of unchanged disks keeps the fingerprint", fingerprint,
                fingerprint(v.get("id").getAsString()));
        assertEquals(2,
                admin.succeeds("listVolumes", "virtualmachineid", v.get("id").getAsString()).items("volume").size());
    }

    @Test
    public void aDomainUndefinedOnTheHostIsGoneAfterTheNextSync() throws Exception {
        try (TinyVm shortLived = new TinyVm(libvirt)) {
            server.bean(HostMonitor.class).syncNow(hostId);
            JsonObject v = vmNamed(admin, shortLived.name);
            assertNotNull(v);
            shortLived.undefine();
            SyncResult r = server.bean(HostMonitor.class).syncNow(hostId);
            assertTrue(r.toString(), r.removed() >= 1);
            assertEquals(null, vmNamed(admin, shortLived.name));
            assertEquals(0, admin.succeeds("listVolumes", "virtualmachineid", v.get("id").getAsString()).items("volume")
                    .size());
        }
    }

    @Test
    public void aResizedOrRemovedDiskUpdatesTheVolumesAndTheDiskSetFingerprint() throws Exception {
        try (TinyVm changing = new TinyVm(libvirt)) {
            server.bean(HostMonitor.class).syncNow(hostId);
            String vmId = vmNamed(admin, changing.name).get("id").getAsString();
            String before = fingerprint(vmId);
            String dataVolume = admin.succeeds("listVolumes", "virtualmachineid", vmId, "type", "DATADISK")
                    .items("volume")
                    .get(0).getAsJsonObject().get("id").getAsString();

            Programs.run(List.of("qemu-img", "resize", "-q", "-f", "raw",
                    changing.data.toString(), "48M"), Duration.ofSeconds(30));
            server.bean(HostMonitor.class).syncNow(hostId);
            JsonObject resized = admin.succeeds("listVolumes", "id", dataVolume).items("volume").get(0)
                    .getAsJsonObject();
            assertEquals(48L << 20, resized.get("size").getAsLong());
            String afterResize = fingerprint(vmId);
            assertFalse("a resized disk changes the disk set", before.equals(afterResize));

            changing.redefineWithoutDataDisk();
            server.bean(HostMonitor.class).syncNow(hostId);
            JsonArray left = admin.succeeds("listVolumes", "virtualmachineid", vmId).items("volume");
            assertEquals(left.toString(), 1, left.size());
            assertEquals("ROOT", left.get(0).getAsJsonObject().get("type").getAsString());
            assertFalse("a removed disk changes the disk set", afterResize.equals(fingerprint(vmId)));
        }
    }

    @Test
    public void aRealCloudStackClientListsTheHostTheVmAndItsVolumes() throws Exception {
        server.bean(HostMonitor.class).syncNow(hostId);
        String userId = admin.succeeds("listUsers", "username", "admin").items("user").get(0).getAsJsonObject()
                .get("id")
                .getAsString();
        JsonObject keys = admin.succeeds("registerUserKeys", "id", userId).response().getAsJsonObject("userkeys");
        List<String> env = List.of("CLOUDSTACK_ENDPOINT=" + server.baseUrl() + "/client/api",
                "CLOUDSTACK_KEY=" + keys.get("apikey").getAsString(),
                "CLOUDSTACK_SECRET=" + keys.get("secretkey").getAsString());
        JsonObject hosts = cs(env, "listHosts", "id=" + hostId);
        assertEquals(hosts.toString(), "Up", hosts.getAsJsonArray("host").get(0).getAsJsonObject().get("state")
                .getAsString());
        JsonObject vms = cs(env, "listVirtualMachines", "name=" + vm.name);
        String vmId = vms.getAsJsonArray("virtualmachine").get(0).getAsJsonObject().get("id").getAsString();
        JsonObject volumes = cs(env, "listVolumes", "virtualmachineid=" + vmId);
        assertEquals(volumes.toString(), 2, io.kboss.test.api.ApiSession.count(volumes));
    }

    /** Debian's python3-cs, a real CloudStack client (signatureVersion 3), run with an argument list and a bound. */
    private static JsonObject cs(List<String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/python3", "-m", "cs"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("CLOUDSTACK_CONFIG");
        for (String e : env) {
            pb.environment().put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
        }
        Path err = Files.createTempFile("cs-err", ".txt");
        try {
            Process p = pb.redirectError(err.toFile()).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("cs " + String.join(" ", args) + " did not finish within 60 s");
            }
            String stderr = Files.readString(err);
            assertEquals("cs " + String.join(" ", args) + " reported an error: " + out, "", stderr);
            return com.google.gson.JsonParser.parseString(out).getAsJsonObject();
        } finally {
            Files.deleteIfExists(err);
        }
    }

    @Test
    public void aVmGivenToAnAccountIsSeenByThatAccountOnly() throws Exception {
        server.bean(HostMonitor.class).syncNow(hostId);
        String vmId = vmNamed(admin, vm.name).get("id").getAsString();
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        JsonObject created = admin.succeeds("createDomain", "name", "hosts-" + suffix).response()
                .getAsJsonObject("domain");
        String domain = created.get("id").getAsString();
        admin.succeeds("createAccount", "username", "owner-" + suffix, "password", "owner-pass-1", "accounttype", "0",
                "domainid", domain);
        admin.succeeds("createAccount", "username", "other-" + suffix, "password", "other-pass-1", "accounttype", "0",
                "domainid", domain);
        String path = created.get("path").getAsString();
        ApiSession owner = ApiSession.login(server.baseUrl(), "owner-" + suffix, "owner-pass-1", path);
        ApiSession other = ApiSession.login(server.baseUrl(), "other-" + suffix, "other-pass-1", path);
        assertEquals(null, vmNamed(owner, vm.name));

        Answer refused = owner.call("assignVirtualMachine", "virtualmachineid", vmId, "account", "owner-" + suffix,
                "domainid", domain);
        assertEquals(refused.response().toString(), 432, refused.status());
        Answer assigned = admin.succeeds("assignVirtualMachine", "virtualmachineid", vmId, "account", "owner-" + suffix,
                "domainid", domain);
        assertEquals("owner-" + suffix,
                assigned.response().getAsJsonObject("virtualmachine").get("account").getAsString());

        JsonObject seen = vmNamed(owner, vm.name);
        assertNotNull("the new owner sees the VM", seen);
        assertFalse("users are not shown the host", seen.has("hostid"));
        assertEquals(2, owner.succeeds("listVolumes", "virtualmachineid", vmId).items("volume").size());
        assertEquals(null, vmNamed(other, vm.name));
        assertEquals(0, other.succeeds("listVolumes", "virtualmachineid", vmId).items("volume").size());

        server.bean(HostMonitor.class).syncNow(hostId);
        assertNotNull("a sync keeps the owner", vmNamed(owner, vm.name));
        admin.succeeds("assignVirtualMachine", "virtualmachineid", vmId, "account", "admin", "domainid", rootDomain());
    }

    @Test
    public void aStoppedAgentTakesTheHostDownAfterTheConfiguredMissesAndItIsUpAgainOnceRestarted() throws Exception {
        admin.succeeds("updateConfiguration", "name", "host.ping.interval", "value", "1");
        admin.succeeds("updateConfiguration", "name", "host.ping.timeout", "value", "3");
        try {
            agent.stop();
            // Disconnected at the first miss, Down only at the configured third: the order of the
            // states shows the count, without asserting on wall-clock time.
            waitForState("Disconnected", Duration.ofSeconds(20));
            waitForState("Down", Duration.ofSeconds(20));
            awaitEvent("down " + hostId + " []");
            Answer vms = admin.succeeds("listVirtualMachines", "hostid", hostId);
            assertTrue("the VMs of a Down host stay listed", vms.items("virtualmachine").size() >= 1);

            agent.start();
            waitForState("Up", Duration.ofSeconds(20));
            awaitEvent("up " + hostId);
        } finally {
            agent.ensureRunning(); // a failure above must not leave the other tests without their agent
            admin.succeeds("resetConfiguration", "name", "host.ping.interval");
            admin.succeeds("resetConfiguration", "name", "host.ping.timeout");
        }
    }

    /** Listeners hear of a change right after its status is committed, so the API may show it a moment earlier. */
    private static void awaitEvent(String event) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!HOST_EVENTS.contains(event) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(HOST_EVENTS.toString(), HOST_EVENTS.contains(event));
    }

    private static void waitForState(String state, Duration bound) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        String last;
        do {
            last = onlyHost(admin.succeeds("listHosts", "id", hostId)).get("state").getAsString();
            if (last.equals(state)) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(
                "host " + hostId + " did not become " + state + " within " + bound + "; it is " + last);
    }

    private static JsonObject onlyHost(Answer a) {
        JsonArray hosts = a.items("host");
        assertEquals(a.response().toString(), 1, hosts.size());
        return hosts.get(0).getAsJsonObject();
    }

    private static JsonObject vmNamed(ApiSession api, String name) throws Exception {
        Predicate<JsonElement> named = e -> e.getAsJsonObject().get("name").getAsString().equals(name);
        for (JsonElement e : api.succeeds("listVirtualMachines", "name", name).items("virtualmachine")) {
            if (named.test(e)) {
                return e.getAsJsonObject();
            }
        }
        return null;
    }

    private static byte[] sealedKey(String hostUuid) throws Exception {
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT channel_key_sealed FROM host WHERE uuid = ?")) {
            ps.setString(1, hostUuid);
            try (var rs = ps.executeQuery()) {
                assertTrue(rs.next());
                return rs.getBytes(1);
            }
        }
    }

    private static String fingerprint(String vmUuid) throws Exception {
        return single("SELECT disk_set_fingerprint FROM vm_instance WHERE uuid = ?", vmUuid);
    }

    private static String rootDomain() throws Exception {
        return single("SELECT uuid FROM domain WHERE path = ?", "/");
    }

    private static String single(String sql, String arg) throws Exception {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (var rs = ps.executeQuery()) {
                assertTrue(sql + " " + arg, rs.next());
                return rs.getString(1);
            }
        }
    }
}
