package io.kboss.test.backup;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import io.kboss.demo.ApiClient;
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
        ApiClient api = ApiClient.login(cloud.baseUrl(), "admin", cloud.adminPassword());
        DemoOptions options = new DemoOptions(cloud.baseUrl(), cloud.folder.resolve("no-credentials"),
                agent.uri.toString(), agent.state, cloud.folder.resolve("demo"), "qemu:///system", vmName);

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        KbossDemo.Outcome first = KbossDemo.run(api, options, new PrintStream(printed, true, StandardCharsets.UTF_8));
        String text = printed.toString(StandardCharsets.UTF_8);
        assertEquals(text, 6, first.checks().size());
        assertTrue(text, text.contains("[6/6]") && text.contains("KBOSS demonstration passed"));

        JsonObject listed = api.call("listBackups", "virtualmachineid", first.vmId());
        assertEquals(listed.toString(), 2, io.kboss.test.api.ApiSession.count(listed));
        assertEquals("the agent was paired by the first run", 1,
                io.kboss.test.api.ApiSession.count(api.call("listHosts")));

        KbossDemo.Outcome again = KbossDemo.run(api, options, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
        assertEquals(6, again.checks().size());
        assertNotEquals("the second run works on a new VM", first.vmId(), again.vmId());
        assertEquals("zone, offering and host were reused", 1,
                io.kboss.test.api.ApiSession.count(api.call("listHosts")));
        assertEquals(1, io.kboss.test.api.ApiSession.count(api.call("listBackupOfferings")));
        assertEquals("the first VM's backups stay listed", 2,
                io.kboss.test.api.ApiSession.count(api.call("listBackups", "virtualmachineid", first.vmId())));
        assertTrue(api.waitForJob(api.call("reconnectHost", "id", api.call("listHosts").getAsJsonArray("host").get(0)
                .getAsJsonObject().get("id").getAsString()).get("jobid").getAsString(), Duration.ofMinutes(1), p -> {
                })
                .getAsJsonObject("host").get("state").getAsString().equals("Up"));
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
