package io.kboss.plugin.backup.kboss.orchestration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.kboss.server.api.Caller;
import io.kboss.server.operation.engine.AdmissionRecord;
import io.kboss.server.operation.engine.OperationEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;

/**
 * A burst: 200 backups over 20 hosts, claimed by two servers at once on one database under 7
 * cloud-wide and 2 per host. Every backup runs exactly once (one agent start per operation), and the
 * most ever running, counted by each claim under its group's lock, never exceeds a limit.
 */
public class QueueBurstTest {
    private static final int HOSTS = 20;
    private static final int VMS = 200;

    @Rule
    public final OneZoneCloud lab = new OneZoneCloud("orchestration_burst", "burst");

    @Test
    public void twoServersClaimingABurstAtOnceNeverExceedALimitAndRunEachBackupOnce() throws Exception {
        OrchestrationCloud cloud = lab.cloud();
        OrchestrationServer a = cloud.server("burst-a", 10);
        OrchestrationServer b = cloud.server("burst-b", 10);
        Caller admin = cloud.admin();
        cloud.setting("backup.max.concurrent.operations", "7");
        cloud.setting("backup.max.concurrent.operations.per.host", "2");
        List<Long> hosts = new ArrayList<>();
        for (int h = 0; h < HOSTS; h++) {
            hosts.add(cloud.host("burst-h" + h));
        }
        for (int i = 0; i < VMS; i++) {
            OrchestrationCloud.Vm vm = cloud.vm("burst-" + i, hosts.get(i % HOSTS));
            (i % 2 == 0 ? a : b).ok(admin, "createBackup", "virtualmachineid", vm.uuid());
        }
        assertEquals("each backup was claimed once", VMS, cloud.passUntilDrained(List.of(a, b)));
        assertEquals(VMS, cloud.count("SELECT COUNT(*) FROM backup WHERE status = 'BackedUp'"));
        assertEquals(VMS, cloud.count("SELECT COUNT(*) FROM operation WHERE state = 'SUCCEEDED'"));
        assertEquals("one agent start per operation: no double runs", VMS, cloud.agents.starts().size());
        assertEquals(VMS, cloud.agents.jobs());
        for (OrchestrationServer s : List.of(a, b)) {
            AdmissionRecord record = s.bean(OperationEngine.class).admissionRecord();
            assertTrue("cloud-wide, as counted under the lock: " + record.mostCloudWide(),
                    record.mostCloudWide() <= 7);
            for (Map.Entry<Long, Integer> e : record.mostPerHost().entrySet()) {
                assertTrue("host " + e.getKey() + ": " + e.getValue(), e.getValue() <= 2);
            }
        }
        int admissions = a.bean(OperationEngine.class).admissionRecord().admissions()
                + b.bean(OperationEngine.class).admissionRecord().admissions();
        assertEquals(VMS, admissions);
        assertTrue("both servers claimed: " + a.bean(OperationEngine.class).admissionRecord().admissions(),
                a.bean(OperationEngine.class).admissionRecord().admissions() > 0
                        && b.bean(OperationEngine.class).admissionRecord().admissions() > 0);
    }
}
