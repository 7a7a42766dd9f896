package io.kboss.plugin.backup.kboss.orchestration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.contract.CompressBackupCommand;
import io.kboss.server.api.Caller;
import io.kboss.server.operation.engine.AdmissionRecord;
import io.kboss.server.operation.engine.OperationEngine;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;

/**
 * A burst of compressions: 20 backups on two hosts of a compressing offering, their compressions claimed by
 * two servers at once under backup.compression.max.concurrent.operations = 3 (zone) and .per.host = 2. The
 * most running at once, counted by each claim under the group's lock, reaches the limits and never exceeds
 * them, and each backup is compressed exactly once (one agent start per compression).
 */
public class CompressionBurstTest {
    private static final int VMS = 20;

    @Rule
    public final OneZoneCloud lab = new OneZoneCloud("orchestration_compression_burst", "burst");

    @Test
    public void twoServersCompressingABurstOfTwentyBackupsOnTwoHostsNeverExceedTheZoneOrHostLimit() throws Exception {
        OrchestrationCloud cloud = lab.cloud();
        long offering = cloud.offering("burst-zstd", "compress", "true", "compressionlibrary", "zstd");
        OrchestrationServer backups = cloud.server("burst-backups", 10);
        Caller admin = cloud.admin();
        List<Long> hosts = List.of(cloud.host("burst-h0"), cloud.host("burst-h1"));
        cloud.setting("backup.compression.task.enabled", "false");
        for (int i = 0; i < VMS; i++) {
            OrchestrationCloud.Vm vm = cloud.vm("burst-" + i, hosts.get(i % 2), offering);
            backups.ok(admin, "createBackup", "virtualmachineid", vm.uuid());
        }
        backups.drain();
        assertEquals(VMS,
                cloud.count("SELECT COUNT(*) FROM operation WHERE kind = 'COMPRESSION' AND state = 'QUEUED'"));
        cloud.zoneSetting("backup.compression.max.concurrent.operations", "3");
        cloud.setting("backup.compression.max.concurrent.operations.per.host", "2");
        OrchestrationServer a = cloud.server("burst-a", 10);
        OrchestrationServer b = cloud.server("burst-b", 10);
        cloud.setting("backup.compression.task.enabled", "true");

        assertEquals("each compression was claimed once", VMS, cloud.passUntilDrained(List.of(a, b)));

        assertEquals(VMS, cloud.count("SELECT COUNT(*) FROM backup WHERE compression_status = 'Compressed'"));
        assertEquals("one agent start per compression: no backup compressed twice", VMS,
                cloud.agents.requestsOf(CompressBackupCommand.class).size());
        assertEquals(VMS, cloud.agents.starts().stream().filter(r -> r.endsWith("-1")).count());
        int most = 0;
        for (OrchestrationServer s : List.of(a, b)) {
            AdmissionRecord record = s.bean(OperationEngine.class).admissionRecord();
            most = Math.max(most, record.mostCloudWide());
            assertTrue("in the zone, as counted under the lock: " + record.mostCloudWide(),
                    record.mostCloudWide() <= 3);
            for (Map.Entry<Long, Integer> e : record.mostPerHost().entrySet()) {
                assertTrue("host " + e.getKey() + ": " + e.getValue(), e.getValue() <= 2);
            }
        }
        assertEquals("the burst reached the zone limit", 3, most);
    }
}
