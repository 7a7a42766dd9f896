package io.kboss.test.backup;

import static io.kboss.test.backup.DiskContent.assertPattern;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.kboss.client.KbossApiException;
import io.kboss.client.KbossClient;
import io.kboss.client.KbossClientException;
import io.kboss.client.KbossJobTimeoutException;
import io.kboss.client.PendingJob;
import io.kboss.client.model.Backup;
import io.kboss.client.model.BackupSchedule;
import io.kboss.client.model.Success;
import io.kboss.client.model.UserKeys;
import io.kboss.client.model.Volume;
import io.kboss.client.request.BackupOptions;
import io.kboss.client.request.RestoreOptions;
import io.kboss.client.request.ScheduleRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * kboss-client (server-side/client) driving backups, chains, restores and schedules of real lab
 * VMs: the in-process server on MariaDB, a real kboss-agent, tiny TCG domains on the machine's
 * libvirtd, every call signed with the admin's API keys. The client's own tests cover what needs
 * no VM; this is the part the CloudStack provider leans on.
 */
public class KbossClientBackupTest {
    private static final Duration JOB = Duration.ofMinutes(2);

    private static LabCloud cloud;
    private static KbossClient kboss;
    private static String plainOffering;
    private static String quickOffering;

    @BeforeClass
    public static void startEverything() throws Exception {
        cloud = LabCloud.builder("kbt-client-", "client_backups").adminPassword("client-admin").zone("client")
                .offering("plain", "no quick restore", "backupchainsize", "5")
                .offering("quick", "quick restore", "backupchainsize", "5", "allowquickrestore", "true")
                .setting("vm.sync.interval", "86400").domainPrefix("kbt-cl-").start();
        UserKeys keys = KbossClient.builder(cloud.baseUrl()).login("admin", "client-admin", "/").build().users()
                .registerKeys(cloud.admin.userId());
        kboss = KbossClient.builder(cloud.baseUrl()).apiKey(keys.apiKey(), keys.secretKey()).build();
        plainOffering = cloud.offering("plain");
        quickOffering = cloud.offering("quick");
    }

    @AfterClass
    public static void stopEverything() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    public void aFullAndAnIncrementalTakenThroughTheClientAreListedAsOneChain() throws Exception {
        LabVm vm = newVm(plainOffering);
        vm.domain.write(0x11, "0", "1M");
        List<Integer> progress = new ArrayList<>();
        PendingJob<Backup> started = kboss.backups().create(vm.uuid, BackupOptions.defaults());
        Backup full = started.await(JOB, progress::add);
        vm.domain.write(0x22, "1M", "1M");
        Backup incremental = kboss.backups().create(vm.uuid, BackupOptions.defaults()).await(JOB);

        assertEquals("the job's resource is the backup", started.resourceId(), full.id());
        assertEquals("Full", full.type());
        assertEquals(Backup.BACKED_UP, full.status());
        assertTrue(full.restorable());
        assertEquals(Integer.valueOf(0), full.chainPosition());
        assertTrue("progress is reported from the first poll", !progress.isEmpty());
        assertTrue(incremental.incremental());
        assertEquals(full.id(), incremental.parentId());
        assertEquals(full.chainId(), incremental.chainId());
        assertEquals(List.of(full.id(), incremental.id()),
                kboss.backups().ofVm(vm.uuid).stream().map(Backup::id).toList());
        assertEquals(vm.domain.name, kboss.backups().get(full.id()).orElseThrow().virtualMachineName());
        assertEquals(vm.uuid, kboss.virtualMachines().byName(vm.domain.name).orElseThrow().id());
    }

    @Test
    public void anIsolatedBackupStaysOutOfTheChainAndFinishingTheChainMakesTheNextOneFull() throws Exception {
        LabVm vm = newVm(plainOffering);
        Backup full = kboss.backups().create(vm.uuid, BackupOptions.defaults()).await(JOB);
        Backup isolated = kboss.backups().create(vm.uuid, BackupOptions.defaults().isolated(true)).await(JOB);
        Backup onFull = kboss.backups().create(vm.uuid, BackupOptions.defaults()).await(JOB);

        assertTrue(isolated.isolated());
        assertEquals("Full", isolated.type());
        assertNull("an isolated backup belongs to no chain", isolated.chainId());
        assertEquals("nothing is built on an isolated backup", full.id(), onFull.parentId());

        Success finished = kboss.backups().finishChain(vm.uuid);
        Backup afterFinish = kboss.backups().create(vm.uuid, BackupOptions.defaults()).await(JOB);

        assertTrue(finished.displayText(), finished.success());
        assertEquals("Full", afterFinish.type());
        assertTrue(afterFinish.fullReason(), afterFinish.fullReason() != null);
    }

    @Test
    public void aQuiescedBackupOfAVmWithoutGuestAgentFailsWithTheJobAndTheServersReason() throws Exception {
        LabVm vm = newVm(plainOffering);
        PendingJob<Backup> started = kboss.backups().create(vm.uuid, BackupOptions.defaults().quiesced(true));

        KbossApiException failed = assertThrows(KbossApiException.class, () -> started.await(JOB));

        assertEquals(started.jobId(), failed.jobId());
        assertEquals("createBackup", failed.command());
        assertTrue(failed.errorText(), failed.errorText().contains("guest agent"));
        assertEquals("Failed", kboss.backups().get(started.resourceId()).orElseThrow().status());
    }

    @Test
    public void aWaitThatRunsOutLeavesTheJobRunningAndALaterWaitGetsItsBackup() throws Exception {
        LabVm vm = newVm(plainOffering);
        PendingJob<Backup> started = kboss.backups().create(vm.uuid, BackupOptions.defaults());

        KbossJobTimeoutException late = assertThrows(KbossJobTimeoutException.class,
                () -> started.await(Duration.ofMillis(1)));

        assertEquals(started.jobId(), late.jobId());
        assertTrue(late.getMessage(), late.getMessage().contains("queryAsyncJobResult jobid=" + started.jobId()));
        assertEquals(Backup.BACKED_UP, started.await(JOB).status());
    }

    @Test
    public void anInterruptedWaitStopsWaitingAndKeepsTheInterruptForTheCaller() throws Exception {
        LabVm vm = newVm(plainOffering);
        PendingJob<Backup> started = kboss.backups().create(vm.uuid, BackupOptions.defaults());

        Thread.currentThread().interrupt();
        KbossClientException stopped = assertThrows(KbossClientException.class, () -> started.await(JOB));
        boolean flagKept = Thread.interrupted();

        assertTrue("the interrupt flag is set again", flagKept);
        assertTrue(stopped.getMessage(), stopped.getMessage().contains("interrupted"));
        assertEquals("the job went on", Backup.BACKED_UP, started.await(JOB).status());
    }

    @Test
    public void aBackupIsRestoredRestoredAsAVolumeAndDeletedThroughTheClient() throws Exception {
        LabVm vm = newVm(plainOffering);
        vm.domain.write(0x11, "0", "1M");
        Backup full = kboss.backups().create(vm.uuid, BackupOptions.defaults()).await(JOB);
        vm.domain.write(0x33, "0", "1M");

        KbossApiException running = assertThrows(KbossApiException.class,
                () -> kboss.backups().restore(full.id(), RestoreOptions.defaults()));
        assertEquals(KbossApiException.PARAM_ERROR, running.errorCode());
        assertTrue(running.errorText(), running.errorText().contains("must be stopped"));
        KbossApiException quick = assertThrows(KbossApiException.class,
                () -> kboss.backups().restore(full.id(), RestoreOptions.defaults().quick(true)));
        assertEquals(KbossApiException.PARAM_ERROR, quick.errorCode());
        assertNull("refused before any job", quick.jobId());

        cloud.stop(vm);
        Success restored = kboss.backups().restore(full.id(), RestoreOptions.defaults()).await(JOB);
        assertTrue(restored.displayText(), restored.success());
        assertPattern(vm.domain.disk, 0x11, 0);
        cloud.start(vm);

        Volume root = kboss.virtualMachines().volumes(vm.uuid).get(0);
        Success attached = kboss.backups().restoreVolume(full.id(), root.id(), vm.uuid).await(JOB);
        assertTrue(attached.displayText(), attached.displayText().contains("attached to VM " + vm.domain.name));
        assertEquals(2, kboss.virtualMachines().volumes(vm.uuid).size());

        Success deleted = kboss.backups().delete(full.id(), true).await(JOB);
        assertTrue(deleted.displayText(), deleted.success());
        assertTrue(kboss.backups().get(full.id()).isEmpty());
    }

    @Test
    public void aScheduleIsCreatedChangedListedAndDeletedThroughTheClient() throws Exception {
        LabVm vm = newVm(plainOffering);

        BackupSchedule made = kboss.schedules().create(vm.uuid,
                ScheduleRequest.of("DAILY", "30:14", "Europe/Berlin").keeping(3).quiesced(true));
        BackupSchedule changed = kboss.schedules().update(made.id(), new ScheduleRequest(null, null, null, 5, null,
                null));

        assertEquals("DAILY", made.intervalType());
        assertEquals(Integer.valueOf(3), made.maxBackups());
        assertTrue(made.quiesceVm());
        assertTrue(made.nextFire() != null);
        assertEquals(Integer.valueOf(5), changed.maxBackups());
        assertEquals("what was not given is kept", "30:14", changed.schedule());
        assertEquals(List.of(changed), kboss.schedules().list(vm.uuid));
        assertTrue(kboss.schedules().delete(made.id()).success());
        assertTrue(kboss.schedules().list(vm.uuid).isEmpty());
    }

    @Test
    public void quickRestoreOnAnOfferingThatAllowsItRunsTheVmAtOnce() throws Exception {
        LabVm vm = newVm(quickOffering);
        vm.domain.write(0x44, "0", "1M");
        Backup full = kboss.backups().create(vm.uuid, BackupOptions.defaults()).await(JOB);
        cloud.stop(vm);

        Success restored = kboss.backups().restore(full.id(), RestoreOptions.defaults().quick(true)).await(JOB);

        assertTrue(restored.displayText(), restored.displayText().contains("quick restore"));
        assertFalse(kboss.backups().get(full.id()).orElseThrow().status().equals("Restoring"));
    }

    private static LabVm newVm(String offering) throws Exception {
        LabVm vm = cloud.newVm("16M");
        assertTrue(kboss.offerings().assign(vm.uuid, offering).success());
        return vm;
    }
}
