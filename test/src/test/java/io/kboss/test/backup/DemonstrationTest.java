package io.kboss.test.backup;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.kboss.client.KbossClient;
import io.kboss.client.model.Backup;
import io.kboss.demo.DemoOptions;
import io.kboss.demo.KbossDemo;
import io.kboss.test.support.AgentJvm;
import io.kboss.test.support.Programs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The README's first command's demonstration (io.kboss.demo.KbossDemo), run as bin/kboss-up runs it
 * but against an in-process server on real MariaDB, a real kboss-agent and the machine's libvirtd:
 * first with an unpaired agent (addHost), then again on the same cloud (reconnectHost, a new VM).
 * Besides backups and restores it checks that a backup is compressed and Valid and that a backup
 * damaged on the store is caught (NotValid with its reason).
 */
public class DemonstrationTest {
    private LabCloud cloud;
    private final String vmName = "kbt-demo-" + UUID.randomUUID().toString().substring(0, 8);

    @Before
    public void startServerAndAgent() throws Exception {
        // No zone and an unpaired agent: the demonstration makes and pairs them.
        cloud = LabCloud.builder("kbt-demo-", "demo").adminPassword("demo-admin").agentNotPaired().start();
    }

    @After
    public void stopEverything() throws Exception {
        try {
            quietly(List.of("virsh", "-c", "qemu:///system", "destroy", vmName));
            quietly(List.of("virsh", "-c", "qemu:///system", "undefine", vmName, "--checkpoints-metadata"));
        } finally {
            if (cloud != null) {
                cloud.close();
            }
        }
    }

    @Test
    public void theDemonstrationBacksUpRestoresBothWaysAndChecksTheDataAndCanRunAgain() throws Exception {
        AgentJvm agent = cloud.agents.get(0);
        KbossClient kboss = KbossClient.builder(cloud.baseUrl()).login("admin", cloud.adminPassword(), "/").build();
        DemoOptions options = new DemoOptions(cloud.baseUrl(), cloud.folder.resolve("no-credentials"),
                agent.uri.toString(), agent.state, cloud.folder.resolve("demo"), "qemu:///system", vmName);

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        KbossDemo.Outcome first = KbossDemo.run(kboss, options, new PrintStream(printed, true, StandardCharsets.UTF_8));
        String text = printed.toString(StandardCharsets.UTF_8);
        assertEquals(text, 9, first.checks().size());
        assertTrue(text, text.contains("[8/8]") && text.contains("KBOSS demonstration passed"));

        List<Backup> backups = kboss.backups().ofVm(first.vmId());
        assertEquals(4, backups.size());
        Backup checked = backups.stream().filter(b -> "Compressed".equals(b.compressionStatus())).findFirst()
                .orElseThrow(() -> new AssertionError("no backup was compressed: " + backups));
        assertEquals("Valid", checked.validationStatus());
        assertTrue("compressed smaller: " + checked, checked.size() < checked.uncompressedSize());
        assertEquals("the agent was paired by the first run", 1, kboss.hosts().list(null).size());
        // Step 8: the backup whose file the demonstration damaged was caught by its validation, at the step that
        // opens the backup, and the account's validation switch it paused is back to its inherited value.
        Backup damaged = kboss.backups().get(first.damagedBackupId()).orElseThrow();
        assertEquals(damaged.toString(), "NotValid", damaged.validationStatus());
        assertTrue(damaged.validationReason(), damaged.validationReason().startsWith("screenshot failed: the backup"
                + " chain of disk ") && damaged.validationReason().contains("cannot be opened"));
        assertTrue(text, text.contains("[8/8] Backup " + damaged.id()) && text.contains("NotValid"));
        assertEquals("nothing left of the pause", "0", cloud.single("SELECT COUNT(*) FROM configuration_value"
                + " WHERE name = 'backup.validation.task.enabled'"));

        KbossDemo.Outcome again = KbossDemo.run(kboss, options, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
        assertEquals(9, again.checks().size());
        assertNotEquals("the second run works on a new VM", first.vmId(), again.vmId());
        assertEquals("zone, offering and host were reused", 1, kboss.hosts().list(null).size());
        assertEquals("both offerings were reused", 2, kboss.offerings().list(null).size());
        assertEquals("the first VM's backups stay listed", 4, kboss.backups().ofVm(first.vmId()).size());
        String host = kboss.hosts().list(null).get(0).id();
        assertEquals("Up", kboss.hosts().reconnect(host).await(Duration.ofMinutes(1)).state());

        // The README's client examples on the set-up the demonstration made, with its VM.
        ReadmeClientExamples.runOnTheDemo(cloud.baseUrl(), cloud.adminPassword(), vmName);
    }

    /** Teardown: the VM may already be stopped or gone when a run failed early. */
    private static void quietly(List<String> command) {
        try {
            Programs.run(command, Duration.ofSeconds(60));
        } catch (Exception | AssertionError alreadyGone) {
            // nothing to clean up
        }
    }
}
