package io.kboss.agent.disk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.kboss.agent.disk.domain.BackupOutcome;
import io.kboss.agent.disk.domain.BackupRequest;
import io.kboss.agent.disk.domain.BackupTarget;
import io.kboss.agent.disk.domain.DiskOperationException;
import io.kboss.agent.disk.domain.ProgressListener;
import io.kboss.agent.disk.domain.QuiesceMode;
import io.kboss.agent.disk.domain.StoreSpace;
import io.kboss.agent.domain.CancelToken;
import io.kboss.agent.support.TinyGuest;
import io.kboss.test.support.LabDomain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class QuiesceTest {
    private final DiskEngine engine = new DiskEngine(LabDomain.URI, Clock.systemUTC(), Duration.ofMinutes(10),
            Duration.ofSeconds(2));

    private static BackupRequest request(LabDomain vm, String id, QuiesceMode mode) {
        return new BackupRequest(vm.name, id, null, null,
                List.of(new BackupTarget("vda", vm.dir.resolve("store/" + id + ".qcow2"), null)), mode,
                Duration.ofMinutes(5), StoreSpace.of(vm.dir));
    }

    @Test
    public void aQuiescedBackupOfARealGuestRestoresFilesWithTheSameChecksumsAndThawsTheGuest() throws Exception {
        Path guest = TinyGuest.build();
        try (LabDomain vm = LabDomain.named("kbt-disk-quiesce").bootingTinyGuest(guest).define()) {
            vm.start();
            TinyGuest.waitForAgent(vm);
            // Written without sync: only the freeze puts these pages on the disk before the backup.
            String before = TinyGuest.shell(vm, "dd if=/dev/urandom of=/mnt/f1 bs=64k count=32 2>/dev/null;"
                    + " echo kboss > /mnt/f2; md5sum /mnt/f1 /mnt/f2");
            BackupOutcome result = engine.backups().backup(request(vm, "g0", QuiesceMode.REQUIRED),
                    ProgressListener.NONE,
                    new CancelToken());
            assertTrue(result.quiesced());
            assertTrue("frozen window measured: " + result.frozen(), result.frozen().toNanos() > 0);
            assertTrue("frozen window is short: " + result.frozen(),
                    result.frozen().compareTo(Duration.ofSeconds(5)) < 0);
            assertTrue("the guest is thawed",
                    vm.agent("{\"execute\":\"guest-fsfreeze-status\"}", 5).contains("thawed"));

            vm.destroy();
            engine.restores().restoreVm(vm.name, Map.of("vda", result.disks().get(0).file()), ProgressListener.NONE,
                    new CancelToken());
            vm.start();
            TinyGuest.waitForAgent(vm);
            assertEquals(before, TinyGuest.shell(vm, "md5sum /mnt/f1 /mnt/f2"));
        }
    }

    @Test
    public void aVmWhoseAgentDoesNotAnswerGetsAClearErrorUnlessCrashConsistentIsAllowed() throws Exception {
        try (LabDomain vm = LabDomain.named("kbt-disk-noagent").guestAgentChannel().qcow2Disk("64M").define()) {
            vm.start();
            try {
                engine.backups().backup(request(vm, "a0", QuiesceMode.REQUIRED), ProgressListener.NONE,
                        new CancelToken());
                fail("a required quiesce without an agent must fail");
            } catch (DiskOperationException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("guest agent"));
                assertTrue(e.getMessage(), e.getMessage().contains("crash-consistent"));
                assertTrue(e.vmDisksConsistent());
            }
            assertFalse("nothing was written", Files.exists(vm.dir.resolve("store/a0.qcow2")));
            assertFalse(Files.exists(vm.dir.resolve("store/a0.qcow2.part")));
            BackupOutcome crashConsistent = engine.backups().backup(request(vm, "a1", QuiesceMode.PREFERRED),
                    ProgressListener.NONE, new CancelToken());
            assertFalse(crashConsistent.quiesced());
            assertNotNull(crashConsistent.notQuiescedReason());
            assertTrue(Files.exists(crashConsistent.disks().get(0).file()));
            assertTrue(vm.running());
        }
    }
}
