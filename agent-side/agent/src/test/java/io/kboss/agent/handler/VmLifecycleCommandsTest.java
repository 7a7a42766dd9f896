package io.kboss.agent.handler;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.contract.BackupDiskTarget;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.JobState;
import io.kboss.agent.contract.StartVmCommand;
import io.kboss.agent.contract.StopVmCommand;
import io.kboss.agent.contract.StoreRef;
import io.kboss.agent.contract.TakeBackupCommand;
import io.kboss.agent.contract.VmEvent;
import io.kboss.agent.contract.VmEventKind;
import io.kboss.agent.contract.VmEventsAnswer;
import io.kboss.agent.contract.VmEventsCommand;
import io.kboss.agent.contract.VmPowerAnswer;
import io.kboss.agent.contract.VmState;
import io.kboss.agent.contract.client.AgentClient;
import io.kboss.agent.support.AgentJobs;
import io.kboss.agent.support.TestAgent;
import io.kboss.test.support.LabDomain;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.libvirt.Connect;

/**
 * The lifecycle feed reports what happens to the agent's VMs, whoever does it (here: libvirt calls
 * made beside the agent, as virsh or CloudStack would), a transient VM that stopped is reported
 * gone and starts again from its XML, and start-vm / stop-vm keep away from VMs a job works on.
 */
public class VmLifecycleCommandsTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private final String prefix = "kbt-ev-" + UUID.randomUUID().toString().substring(0, 6) + "-";
    private final List<LabDomain> domains = new ArrayList<>();
    private TestAgent agent;
    private AgentClient client;
    private String feedId;
    private long cursor;
    private final List<VmEvent> seen = new ArrayList<>();

    @Before
    public void agentWithAPrefix() throws Exception {
        Properties p = new Properties();
        p.setProperty("vm.name.prefix", prefix);
        p.setProperty("vm.events.reconcile.seconds", "1");
        agent = new TestAgent(tmp.getRoot().toPath().resolve("state"), p);
        client = agent.pairedClient();
        VmEventsAnswer first = client.execute(new VmEventsCommand());
        assertTrue(first.success);
        assertTrue("a reader without a cursor resyncs first", first.resyncNeeded);
        feedId = first.feedId;
        cursor = first.lastSequence;
    }

    @After
    public void remove() throws Exception {
        agent.close();
        for (LabDomain d : domains) {
            d.close();
        }
    }

    private LabDomain vm(String name) throws Exception {
        LabDomain d = LabDomain.named(name).qcow2Disk("64M").define();
        domains.add(d);
        return d;
    }

    /** Reads the feed until an event matching {@code wanted} shows (at most 60 s). */
    private VmEvent awaitEvent(Predicate<VmEvent> wanted) throws Exception {
        long end = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < end) {
            for (VmEvent e : seen) {
                if (wanted.test(e)) {
                    seen.remove(e);
                    return e;
                }
            }
            VmEventsCommand c = new VmEventsCommand();
            c.feedId = feedId;
            c.afterSequence = cursor;
            VmEventsAnswer a = client.execute(c);
            assertFalse("the feed lost events: " + a.lastSequence + " after " + cursor, a.resyncNeeded);
            for (VmEvent e : a.events) {
                assertEquals("sequences follow each other", cursor + 1, e.sequence);
                cursor = e.sequence;
                seen.add(e);
            }
            if (a.events.isEmpty()) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("no such event within 60 s; seen: " + describe(seen));
    }

    private static String describe(List<VmEvent> events) {
        return events.stream().map(e -> e.vmName + " " + e.kind + "/" + e.detail + " " + e.state).toList().toString();
    }

    @Test
    public void startsStopsDefinitionsAndRemovalsMadeBesideTheAgentReachTheFeedOnlyForItsOwnVms() throws Exception {
        LabDomain mine = vm(prefix + "a");
        LabDomain other = vm("kbt-ev-other-" + UUID.randomUUID().toString().substring(0, 6));
        VmEvent defined = awaitEvent(e -> e.vmUuid.equals(mine.libvirtUuid) && e.kind == VmEventKind.DEFINED);
        assertEquals(VmState.SHUTOFF, defined.state);
        assertTrue(defined.exists && defined.persistent);

        long asked = System.currentTimeMillis();
        mine.start();
        other.start();
        VmEvent started = awaitEvent(e -> e.vmUuid.equals(mine.libvirtUuid) && e.kind == VmEventKind.STARTED);
        assertEquals(VmState.RUNNING, started.state);
        assertEquals("BOOTED", started.detail);
        assertTrue(started.atMillis >= asked);

        mine.destroy();
        VmEvent stopped = awaitEvent(e -> e.vmUuid.equals(mine.libvirtUuid) && e.kind == VmEventKind.STOPPED);
        assertEquals(VmState.SHUTOFF, stopped.state);
        assertEquals("DESTROYED", stopped.detail);
        assertTrue("a defined VM stays known when it stops", stopped.exists);

        mine.close();
        domains.remove(mine);
        VmEvent removed = awaitEvent(e -> e.vmUuid.equals(mine.libvirtUuid) && e.kind == VmEventKind.UNDEFINED);
        assertFalse(removed.exists);
        Thread.sleep(2500); // two reconciles: they find nothing the events did not already say
        VmEventsCommand c = new VmEventsCommand();
        c.feedId = feedId;
        c.afterSequence = cursor;
        List<VmEvent> later = new ArrayList<>(seen);
        later.addAll(client.execute(c).events);
        assertTrue(describe(later), later.stream().noneMatch(e -> e.kind == VmEventKind.RECONCILED));
        assertTrue("another prefix's VM is never reported: " + describe(later),
                later.stream().noneMatch(e -> e.vmUuid.equals(other.libvirtUuid)));
    }

    @Test
    public void aTransientVmThatStopsIsReportedGoneAndStartsAgainFromItsXml() throws Exception {
        LabDomain template = vm(prefix + "t");
        String xml = template.on(d -> d.getXMLDesc(2));
        String uuid = template.libvirtUuid;
        template.on(d -> {
            d.undefine();
            return null;
        });
        Connect c = new Connect(LabDomain.URI);
        try {
            c.domainCreateXML(xml, 0).free(); // as CloudStack runs its VMs: transient
        } finally {
            c.close();
        }
        VmEvent started = awaitEvent(e -> e.vmUuid.equals(uuid) && e.kind == VmEventKind.STARTED);
        assertTrue(started.exists);
        assertFalse(started.persistent);

        VmPowerAnswer stop = client.execute(stop(uuid, true));
        assertTrue(stop.errorText, stop.success);
        assertTrue(stop.changed);
        assertEquals(VmState.SHUTOFF, stop.state);
        assertFalse("a transient VM is gone once stopped", stop.exists);
        VmEvent stopped = awaitEvent(e -> e.vmUuid.equals(uuid) && e.kind == VmEventKind.STOPPED);
        assertFalse(stopped.exists);
        assertEquals(VmState.SHUTOFF, stopped.state);

        VmPowerAnswer noXml = client.execute(start(uuid, null));
        assertFalse(noXml.success);
        assertEquals(ErrorCode.NOT_FOUND, noXml.errorCode);
        assertTrue(noXml.errorText, noXml.errorText.contains("domainXml"));
        VmPowerAnswer alien = client.execute(start(uuid, xml.replace(uuid, UUID.randomUUID().toString())));
        assertEquals(ErrorCode.BAD_REQUEST, alien.errorCode);

        VmPowerAnswer again = client.execute(start(uuid, xml));
        assertTrue(again.errorText, again.success);
        assertTrue(again.changed && again.exists);
        assertEquals(VmState.RUNNING, again.state);
        assertTrue(template.running());
        assertFalse("started transient again", template.on(d -> d.isPersistent() == 1));
        awaitEvent(e -> e.vmUuid.equals(uuid) && e.kind == VmEventKind.STARTED);
        assertEquals(VmState.SHUTOFF, client.execute(stop(uuid, true)).state);
        VmPowerAnswer offAlready = client.execute(stop(uuid, true));
        assertTrue(offAlready.success);
        assertFalse(offAlready.changed);
    }

    @Test
    public void startAndStopActOnlyWhenNeededAndWaitForAJobOnTheVmToEnd() throws Exception {
        LabDomain d = LabDomain.named(prefix + "p").qcow2Disk("2G", "1536M").define();
        domains.add(d);
        VmPowerAnswer started = client.execute(start(d.libvirtUuid, null));
        assertTrue(started.errorText, started.success);
        assertTrue(started.changed);
        assertEquals(VmState.RUNNING, started.state);
        assertFalse("running already", client.execute(start(d.libvirtUuid, null)).changed);
        VmPowerAnswer polite = client.execute(stop(d.libvirtUuid, false));
        assertTrue(polite.errorText, polite.success);
        assertTrue("a guest without an OS ignores the request and runs on", d.running());
        VmPowerAnswer forced = client.execute(stop(d.libvirtUuid, true));
        assertEquals(VmState.SHUTOFF, forced.state);
        assertTrue(forced.exists && forced.changed);
        assertFalse(client.execute(stop(d.libvirtUuid, true)).changed);
        assertEquals(ErrorCode.NOT_FOUND, client.execute(start(UUID.randomUUID().toString(), null)).errorCode);

        TakeBackupCommand backup = new TakeBackupCommand();
        backup.requestId = UUID.randomUUID().toString();
        backup.backupUuid = "b1";
        backup.vmUuid = d.libvirtUuid;
        backup.newCheckpoint = "b1";
        backup.store = StoreRef.local("s1", Files.createDirectories(d.dir.resolve("store")).toString());
        BackupDiskTarget t = new BackupDiskTarget();
        t.targetDevice = "vda";
        t.path = "backups/acc/vol/b1.qcow2";
        backup.disks.add(t);
        String job = AgentJobs.start(client, backup);
        VmPowerAnswer busy = client.execute(start(d.libvirtUuid, null));
        assertEquals(busy.errorText, ErrorCode.BUSY, busy.errorCode);
        assertTrue(busy.errorText, busy.errorText.contains(job));
        assertFalse("the VM stays off under its backup", d.running());
        JobInfo done = AgentJobs.waitFor(client, job, j -> j.state.isFinal());
        assertEquals(done.errorText, JobState.SUCCEEDED, done.state);
        assertTrue(client.execute(start(d.libvirtUuid, null)).success);
    }

    private static StartVmCommand start(String uuid, String xml) {
        StartVmCommand c = new StartVmCommand();
        c.vmUuid = uuid;
        c.domainXml = xml;
        return c;
    }

    private static StopVmCommand stop(String uuid, boolean forced) {
        StopVmCommand c = new StopVmCommand();
        c.vmUuid = uuid;
        c.forced = forced;
        return c;
    }
}
