package io.kboss.cloudstack;

import static io.kboss.cloudstack.KbossFakes.TAKEN;
import static io.kboss.cloudstack.KbossFakes.ZONE;
import static io.kboss.cloudstack.KbossFakes.cloudStackVm;
import static io.kboss.cloudstack.KbossFakes.finished;
import static io.kboss.cloudstack.KbossFakes.kbossBackup;
import static io.kboss.cloudstack.KbossFakes.kbossVm;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.cloud.host.HostVO;
import com.cloud.host.dao.HostDao;
import com.cloud.storage.DiskOfferingVO;
import com.cloud.storage.Storage;
import com.cloud.storage.VolumeVO;
import com.cloud.storage.dao.DiskOfferingDao;
import com.cloud.storage.dao.VolumeDao;
import com.cloud.utils.Pair;
import com.cloud.utils.exception.CloudRuntimeException;
import com.cloud.vm.VMInstanceVO;
import com.cloud.vm.dao.VMInstanceDao;
import io.kboss.client.BackupOfferings;
import io.kboss.client.Backups;
import io.kboss.client.KbossApiException;
import io.kboss.client.KbossClient;
import io.kboss.client.KbossClientException;
import io.kboss.client.VirtualMachines;
import io.kboss.client.model.Success;
import io.kboss.client.model.Volume;
import io.kboss.client.request.BackupOptions;
import io.kboss.client.request.RestoreOptions;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.cloudstack.backup.Backup;
import org.apache.cloudstack.backup.BackupManager;
import org.apache.cloudstack.backup.BackupOffering;
import org.apache.cloudstack.backup.BackupOfferingVO;
import org.apache.cloudstack.backup.BackupProvider;
import org.apache.cloudstack.backup.BackupVO;
import org.apache.cloudstack.backup.dao.BackupDao;
import org.apache.cloudstack.backup.dao.BackupOfferingDao;
import org.apache.cloudstack.framework.config.ConfigKey;
import org.apache.cloudstack.storage.datastore.db.PrimaryDataStoreDao;
import org.apache.cloudstack.storage.datastore.db.StoragePoolVO;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InjectMocks;
import org.mockito.Mock;
import org.mockito.junit.MockitoJUnit;
import org.mockito.junit.MockitoRule;
import org.mockito.quality.Strictness;

/**
 * Every BackupProvider operation of the kboss provider, with CloudStack's DAOs and manager as
 * Mockito mocks (as CloudStack's own plugins are tested) and kboss-server behind a mocked
 * kboss-client, whose calls to the real server are tested in server-side/client and test/.
 */
public class KbossBackupProviderTest {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(7);

    @Rule
    public MockitoRule mockito = MockitoJUnit.rule().strictness(Strictness.LENIENT);

    @Mock
    private BackupDao backupDao;
    @Mock
    private VolumeDao volumeDao;
    @Mock
    private DiskOfferingDao diskOfferingDao;
    @Mock
    private VMInstanceDao vmInstanceDao;
    @Mock
    private HostDao hostDao;
    @Mock
    private PrimaryDataStoreDao primaryDataStoreDao;
    @Mock
    private BackupManager backupManager;
    @Mock
    private BackupOfferingDao backupOfferingDao;
    @InjectMocks
    private KbossBackupProvider provider;

    private final KbossClient kboss = mock(KbossClient.class);
    private final Backups backups = mock(Backups.class);
    private final BackupOfferings offerings = mock(BackupOfferings.class);
    private final VirtualMachines vms = mock(VirtualMachines.class);
    private final VMInstanceVO vm = cloudStackVm(7L, "i-2-7-VM");

    @Before
    public void kbossBehindTheZone() {
        when(kboss.backups()).thenReturn(backups);
        when(kboss.offerings()).thenReturn(offerings);
        when(kboss.virtualMachines()).thenReturn(vms);
        when(kboss.endpoint()).thenReturn(URI.create("https://kboss.example:8080/client/api"));
        provider.use(new OneKbossServer(kboss, ZONE, JOB_TIMEOUT), Clock.fixed(TAKEN, ZoneOffset.UTC));
        when(backupDao.persist(any(BackupVO.class))).thenAnswer(call -> call.getArgument(0));
        when(backupManager.getBackupNameFromVM(vm)).thenReturn("i-2-7-VM-backup");
        when(backupManager.createVolumeInfoFromVolumes(any())).thenReturn("[volumes]");
        when(backupManager.getBackupDetailsFromVM(vm)).thenReturn(Map.of("hypervisor", "KVM"));
        BackupOffering gold = imported("kb-gold");
        when(backupOfferingDao.findById(21L)).thenAnswer(call -> gold);
    }

    @Test
    public void theProviderImplementsEveryMethodOfCloudStacksBackupProvider() {
        List<String> missing = Arrays.stream(BackupProvider.class.getMethods())
                .filter(m -> !declares(KbossBackupProvider.class, m)).map(Method::getName).toList();

        assertTrue("not implemented: " + missing, missing.isEmpty());
        assertFalse(Modifier.isAbstract(KbossBackupProvider.class.getModifiers()));
        assertEquals("kboss", provider.getName());
    }

    @Test
    public void itsSettingsArePerZoneWithTheSecretKeyKeptSecure() {
        Map<String, ConfigKey<?>> keys = Arrays.stream(provider.getConfigKeys())
                .collect(Collectors.toMap(ConfigKey::key, k -> k));

        assertEquals(List.of("backup.plugin.kboss.api.key", "backup.plugin.kboss.job.timeout",
                "backup.plugin.kboss.request.timeout", "backup.plugin.kboss.secret.key", "backup.plugin.kboss.url",
                "backup.plugin.kboss.validate.ssl"), keys.keySet().stream().sorted().toList());
        assertTrue(keys.values().stream()
                .allMatch(k -> k.getScopes().equals(List.of(ConfigKey.Scope.Zone)) && k.isDynamic()));
        assertEquals("Secure", keys.get("backup.plugin.kboss.secret.key").category());
        assertEquals("true", keys.get("backup.plugin.kboss.validate.ssl").defaultValue());
    }

    @Test
    public void kbossOfferingsAreListedForImportWithTheKbossIdAsExternalId() {
        io.kboss.client.model.BackupOffering gold = new io.kboss.client.model.BackupOffering("kb-gold", "gold",
                "Gold", "kb-gold", "kboss-zone", "zone", true, "kboss", TAKEN, null, null, true, "zstd", false, null,
                true, false, 7);
        when(offerings.list(null)).thenReturn(List.of(gold));
        when(offerings.get("kb-gold")).thenReturn(Optional.of(gold));

        List<BackupOffering> listed = provider.listBackupOfferings(ZONE);

        assertEquals(1, listed.size());
        BackupOffering o = listed.get(0);
        assertEquals("kb-gold", o.getExternalId());
        assertEquals("gold", o.getName());
        assertEquals(ZONE, o.getZoneId());
        assertEquals("kboss", o.getProvider());
        assertTrue(o.isUserDrivenBackupAllowed());
        assertEquals("Gold [kboss: chains of 7, compressed with zstd, quick restore]", o.getDescription());
        assertTrue(provider.isValidProviderOffering(ZONE, "kb-gold"));
        assertFalse(provider.isValidProviderOffering(ZONE, "kb-other"));
    }

    @Test
    public void assigningAVmAssignsTheKbossVmOfItsInstanceNameAndKeepsItsKbossId() {
        when(vms.byName("i-2-7-VM")).thenReturn(Optional.of(kbossVm("kb-vm-7", "i-2-7-VM", null)));
        when(offerings.assign("kb-vm-7", "kb-gold")).thenReturn(new Success(true, null));

        assertTrue(provider.assignVMToBackupOffering(vm, imported("kb-gold")));

        verify(offerings).assign("kb-vm-7", "kb-gold");
        verify(vm).setBackupExternalId("kb-vm-7");
    }

    @Test
    public void anAssignmentKbossKeptToAnotherOfferingIsReplaced() {
        when(vms.byName("i-2-7-VM")).thenReturn(Optional.of(kbossVm("kb-vm-7", "i-2-7-VM", "kb-old")));

        assertTrue(provider.assignVMToBackupOffering(vm, imported("kb-gold")));

        verify(offerings).remove("kb-vm-7");
        verify(offerings).assign("kb-vm-7", "kb-gold");
    }

    @Test
    public void aVmKbossHasNotDiscoveredIsNotAssignedAndTheErrorSaysWhatToDo() {
        when(vms.byName("i-2-7-VM")).thenReturn(Optional.empty());

        CloudRuntimeException e = assertThrows(CloudRuntimeException.class,
                () -> provider.assignVMToBackupOffering(vm, imported("kb-gold")));

        assertTrue(e.getMessage(), e.getMessage().contains("has not discovered VM i-2-7-VM")
                && e.getMessage().contains("reconnectHost") && e.getMessage().contains("kboss.example:8080"));
        verify(offerings, never()).assign(anyString(), anyString());
    }

    @Test
    public void anAssignmentKbossRefusesFailsWithKbossesOwnSentence() {
        when(vms.byName("i-2-7-VM")).thenReturn(Optional.of(kbossVm("kb-vm-7", "i-2-7-VM", null)));
        when(offerings.assign("kb-vm-7", "kb-gold")).thenThrow(new KbossApiException(
                "assignVirtualMachineToBackupOffering", 431, 4350, "Only VMs whose disks are all qcow2 files", null));

        CloudRuntimeException e = assertThrows(CloudRuntimeException.class,
                () -> provider.assignVMToBackupOffering(vm, imported("kb-gold")));

        assertTrue(e.getMessage(), e.getMessage().contains("Only VMs whose disks are all qcow2 files"));
        assertTrue(e.getCause() instanceof KbossApiException);
    }

    @Test
    public void removingAVmTakesItsKbossVmOffItsOfferingAndKeepsItsBackups() {
        when(vms.byName("i-2-7-VM")).thenReturn(Optional.of(kbossVm("kb-vm-7", "i-2-7-VM", "kb-gold")));

        assertTrue(provider.removeVMFromBackupOffering(vm));

        verify(offerings).remove("kb-vm-7");
        assertFalse(provider.willDeleteBackupsOnOfferingRemoval());
    }

    @Test
    public void aVmCloudStackExpungesIsTakenOffItsOfferingAndForgottenInKboss() {
        VMInstanceVO expunging = cloudStackVm(7L, "i-2-7-VM");
        when(expunging.getState()).thenReturn(com.cloud.vm.VirtualMachine.State.Expunging);
        when(vms.byName("i-2-7-VM")).thenReturn(Optional.of(kbossVm("kb-vm-7", "i-2-7-VM", "kb-gold")));
        when(vms.expunge("kb-vm-7")).thenReturn(new Success(true, "VM i-2-7-VM expunged; its backups are kept"));

        assertTrue(provider.removeVMFromBackupOffering(expunging));

        verify(offerings).remove("kb-vm-7");
        verify(vms).expunge("kb-vm-7");
        verify(backups, never()).delete(anyString(), anyBoolean());
    }

    @Test
    public void aVmOnlyRemovedFromItsOfferingIsNotForgotten() {
        when(vms.byName("i-2-7-VM")).thenReturn(Optional.of(kbossVm("kb-vm-7", "i-2-7-VM", "kb-gold")));

        assertTrue(provider.removeVMFromBackupOffering(vm));

        verify(vms, never()).expunge(anyString());
    }

    @Test
    public void anExpungeKbossRefusesFailsNothingAndIsAskedAgainByTheSync() {
        VMInstanceVO expunged = cloudStackVm(7L, "i-2-7-VM");
        when(expunged.getRemoved()).thenReturn(Date.from(TAKEN));
        when(vms.byName("i-2-7-VM")).thenReturn(Optional.of(kbossVm("kb-vm-7", "i-2-7-VM", null)));
        when(vms.expunge("kb-vm-7")).thenThrow(new KbossApiException("expungeVirtualMachine", 431, 4350,
                "VM i-2-7-VM is still defined on its host host1", null));

        assertTrue("CloudStack's expunge goes on", provider.removeVMFromBackupOffering(expunged));

        when(vms.list(null)).thenReturn(List.of(stopped("kb-vm-7", "i-2-7-VM")));
        when(vmInstanceDao.findVMByInstanceNameIncludingRemoved("i-2-7-VM")).thenReturn(expunged);
        provider.syncBackupMetrics(ZONE);
        verify(vms, org.mockito.Mockito.times(2)).expunge("kb-vm-7");
    }

    @Test
    public void theSyncForgetsTheKbossVmsCloudStackExpungedInItsZoneOnly() {
        io.kboss.client.model.VirtualMachine gone = stopped("kb-vm-7", "i-2-7-VM");
        io.kboss.client.model.VirtualMachine alive = stopped("kb-vm-8", "i-2-8-VM");
        io.kboss.client.model.VirtualMachine elsewhere = stopped("kb-vm-9", "i-2-9-VM");
        io.kboss.client.model.VirtualMachine running = kbossVm("kb-vm-10", "i-2-10-VM", null);
        when(vms.list(null)).thenReturn(List.of(gone, alive, elsewhere, running));
        VMInstanceVO goneRow = cloudStackVm(7L, "i-2-7-VM");
        when(goneRow.getRemoved()).thenReturn(Date.from(TAKEN));
        when(vmInstanceDao.findVMByInstanceNameIncludingRemoved("i-2-7-VM")).thenReturn(goneRow);
        VMInstanceVO aliveRow = cloudStackVm(8L, "i-2-8-VM");
        when(vmInstanceDao.findVMByInstanceNameIncludingRemoved("i-2-8-VM")).thenReturn(aliveRow);
        VMInstanceVO otherZone = cloudStackVm(9L, "i-2-9-VM");
        when(otherZone.getRemoved()).thenReturn(Date.from(TAKEN));
        when(otherZone.getDataCenterId()).thenReturn(ZONE + 1);
        when(vmInstanceDao.findVMByInstanceNameIncludingRemoved("i-2-9-VM")).thenReturn(otherZone);
        when(backups.list()).thenReturn(List.of(kbossBackup("kb-b-1", "kb-vm-7", "i-2-7-VM", "Full", "BackedUp")));

        provider.syncBackupMetrics(ZONE);

        verify(vms).expunge("kb-vm-7");
        verify(vms, never()).expunge("kb-vm-8");
        verify(vms, never()).expunge("kb-vm-9");
        verify(vms, never()).expunge("kb-vm-10");
        verify(vmInstanceDao, never()).findVMByInstanceNameIncludingRemoved("i-2-10-VM");
        verify(backups, never()).delete(anyString(), anyBoolean());
    }

    @Test
    public void whenKbossCannotListItsVmsTheSyncStillRecordsTheBackups() {
        when(backups.list()).thenReturn(List.of(kbossBackup("kb-b-1", "kb-vm-7", "i-2-7-VM", "Full", "BackedUp")));
        when(vms.list(null)).thenThrow(new KbossClientException("kboss-server at ... could not be reached", null));

        provider.syncBackupMetrics(ZONE);

        assertEquals(1, provider.listRestorePoints(vm).size());
        verify(vms, never()).expunge(anyString());
    }

    private static io.kboss.client.model.VirtualMachine stopped(String id, String name) {
        return new io.kboss.client.model.VirtualMachine(id, name, name, name, "Stopped", "kboss-host-1", "host1",
                "kboss-zone", "zone", "admin", "d", "ROOT", null, null, "KVM", TAKEN);
    }

    @Test
    public void removingAVmKbossDoesNotKnowSucceedsWithNothingToDo() {
        when(vms.byName("i-2-7-VM")).thenReturn(Optional.empty());

        assertTrue(provider.removeVMFromBackupOffering(vm));

        verify(offerings, never()).remove(anyString());
    }

    @Test
    public void aBackupIsTakenInKbossWaitedForAndRecordedAsABackupRow() {
        when(vms.byName("i-2-7-VM")).thenReturn(Optional.of(kbossVm("kb-vm-7", "i-2-7-VM", "kb-gold")));
        io.kboss.client.model.Backup taken = kbossBackup("kb-b-2", "kb-vm-7", "i-2-7-VM", "Incremental", "BackedUp");
        io.kboss.client.PendingJob<io.kboss.client.model.Backup> job = finished(taken);
        when(backups.create("kb-vm-7", BackupOptions.defaults().quiesced(true))).thenReturn(job);

        Pair<Boolean, Backup> result = provider.takeBackup(vm, true);

        assertTrue(result.first());
        BackupVO row = (BackupVO) result.second();
        assertEquals("kb-b-2", row.getExternalId());
        assertEquals("INCREMENTAL", row.getType());
        assertEquals(Backup.Status.BackedUp, row.getStatus());
        assertEquals(Long.valueOf(2_000_000L), row.getSize());
        assertEquals(Long.valueOf(64L << 20), row.getProtectedSize());
        assertEquals(Date.from(TAKEN), row.getDate());
        assertEquals(Long.valueOf(7L), row.getVmId());
        assertEquals(21L, row.getBackupOfferingId());
        assertEquals(11L, row.getAccountId());
        assertEquals(12L, row.getDomainId());
        assertEquals(ZONE, row.getZoneId());
        assertEquals("i-2-7-VM-backup", row.getName());
        verify(backupDao).persist(row);
        verify(job).await(JOB_TIMEOUT);
    }

    @Test
    public void aVmKbossKnowsAnewIsAssignedItsCloudStackOfferingAgainBeforeItsBackup() {
        when(vms.byName("i-2-7-VM")).thenReturn(Optional.of(kbossVm("kb-vm-70", "i-2-7-VM", null)));
        io.kboss.client.model.Backup taken = kbossBackup("kb-b-9", "kb-vm-70", "i-2-7-VM", "Full", "BackedUp");
        io.kboss.client.PendingJob<io.kboss.client.model.Backup> job = finished(taken);
        when(backups.create(eq("kb-vm-70"), any())).thenReturn(job);

        provider.takeBackup(vm, null);

        org.mockito.InOrder order = org.mockito.Mockito.inOrder(offerings, backups);
        order.verify(offerings).assign("kb-vm-70", "kb-gold");
        order.verify(backups).create("kb-vm-70", BackupOptions.defaults().quiesced(false));
    }

    @Test
    public void aBackupTheSyncRecordedMeanwhileGetsNoSecondRow() {
        when(vms.byName("i-2-7-VM")).thenReturn(Optional.of(kbossVm("kb-vm-7", "i-2-7-VM", "kb-gold")));
        io.kboss.client.model.Backup taken = kbossBackup("kb-b-2", "kb-vm-7", "i-2-7-VM", "Full", "BackedUp");
        io.kboss.client.PendingJob<io.kboss.client.model.Backup> job = finished(taken);
        when(backups.create(eq("kb-vm-7"), any())).thenReturn(job);
        BackupVO recorded = row("kb-b-2");
        when(backupDao.listByVmId(null, 7L)).thenReturn(List.of(recorded));

        assertSame(recorded, provider.takeBackup(vm, null).second());

        verify(backupDao, never()).persist(any());
    }

    @Test
    public void aBackupThatFailsInKbossFailsWithTheJobAndKbossesReason() {
        when(vms.byName("i-2-7-VM")).thenReturn(Optional.of(kbossVm("kb-vm-7", "i-2-7-VM", "kb-gold")));
        io.kboss.client.PendingJob<io.kboss.client.model.Backup> job = finished(null);
        when(job.await(any())).thenThrow(new KbossApiException("createBackup", 530, 9999,
                "Backup kb-b-3 ended Failed: the guest agent did not answer", "job-9"));
        when(backups.create(eq("kb-vm-7"), any())).thenReturn(job);

        CloudRuntimeException e = assertThrows(CloudRuntimeException.class, () -> provider.takeBackup(vm, true));

        assertTrue(e.getMessage(), e.getMessage().contains("take a backup of VM i-2-7-VM")
                && e.getMessage().contains("the guest agent did not answer") && e.getMessage().contains("job-9"));
        verify(backupDao, never()).persist(any());
    }

    @Test
    public void deletingABackupDeletesItsKbossBackupWithForcedAndWaits() {
        BackupVO row = row("kb-b-1");
        when(backups.get("kb-b-1")).thenReturn(Optional.of(kbossBackup("kb-b-1", "kb-vm-7", "i-2-7-VM", "Full",
                "BackedUp")));
        io.kboss.client.PendingJob<Success> job = finished(new Success(true, "backup kb-b-1 deleted"));
        when(backups.delete("kb-b-1", true)).thenReturn(job);

        assertTrue(provider.deleteBackup(row, true));

        verify(job).await(JOB_TIMEOUT);
    }

    @Test
    public void deletingABackupKbossNoLongerHasSucceedsWithoutACall() {
        when(backups.get("kb-b-1")).thenReturn(Optional.empty());

        assertTrue(provider.deleteBackup(row("kb-b-1"), false));

        verify(backups, never()).delete(anyString(), anyBoolean());
    }

    @Test
    public void restoringAVmRestoresItsKbossBackupInPlace() {
        io.kboss.client.PendingJob<Success> job = finished(new Success(true, "VM i-2-7-VM restored"));
        when(backups.restore("kb-b-1", RestoreOptions.defaults())).thenReturn(job);

        assertTrue(provider.restoreVMFromBackup(vm, row("kb-b-1")));

        verify(job).await(JOB_TIMEOUT);
    }

    @Test
    public void aRestoreKbossRefusesFailsWithItsReason() {
        when(backups.restore("kb-b-1", RestoreOptions.defaults())).thenThrow(new KbossApiException("restoreBackup",
                431, 4350, "VM i-2-7-VM must be stopped to be restored", null));

        CloudRuntimeException e = assertThrows(CloudRuntimeException.class,
                () -> provider.restoreVMFromBackup(vm, row("kb-b-1")));

        assertTrue(e.getMessage(), e.getMessage().contains("must be stopped"));
    }

    @Test
    public void restoringIntoAnotherVmOrAsANewInstanceIsDeclinedAndSaidSo() {
        Pair<Boolean, String> declined = provider.restoreBackupToVM(vm, row("kb-b-1"), "10.0.0.5", "pool-1");

        assertFalse(declined.first());
        assertTrue(declined.second(), declined.second().contains("not supported"));
        assertFalse(provider.supportsInstanceFromBackup());
        assertFalse(provider.crossZoneInstanceCreationEnabled(imported("kb-gold")));
        verifyNoInteractions(backups);
    }

    @Test
    public void aRestoredVolumeIsRegisteredAsAReadyVolumeOfThePoolNamingTheFileKbossWrote() {
        Pair<Boolean, String> result = restoreVolumeInto(com.cloud.vm.VirtualMachine.State.Running,
                "restored into volume kb-vol-new at /mnt/pool-uuid/restored-9f.qcow2, attached to VM i-2-7-VM as vdb");

        ArgumentCaptor<VolumeVO> made = ArgumentCaptor.forClass(VolumeVO.class);
        verify(volumeDao).persist(made.capture());
        VolumeVO v = made.getValue();
        assertTrue(result.first());
        assertEquals("CloudStack attaches the row by its uuid", v.getUuid(), result.second());
        assertEquals("restored-9f.qcow2", v.getPath());
        assertEquals(Long.valueOf(41L), v.getPoolId());
        assertEquals(com.cloud.storage.Volume.Type.DATADISK, v.getVolumeType());
        assertEquals(com.cloud.storage.Volume.State.Ready, v.getState());
        assertEquals(Storage.ImageFormat.QCOW2, v.getFormat());
        assertEquals(Long.valueOf(51L), v.getDiskOfferingId());
        assertEquals(Long.valueOf(64L << 20), v.getSize());
        assertEquals(11L, v.getAccountId());
    }

    /**
     * A stopped CloudStack VM has no domain: kboss restores beside the disks it kept and records the volume
     * without an attach; the row made here is what CloudStack attaches, and it defines the disk at the start.
     */
    @Test
    public void aVolumeRestoredIntoAStoppedVmIsRegisteredTheSameWaySoCloudStackPutsItInTheDomainAtTheStart() {
        Pair<Boolean, String> result = restoreVolumeInto(com.cloud.vm.VirtualMachine.State.Stopped,
                "restored into volume kb-vol-new at /mnt/pool-uuid/restored-9f.qcow2, recorded as VM i-2-7-VM's disk"
                        + " vdb; the VM is stopped and its host no longer defines it (a transient VM)");

        ArgumentCaptor<VolumeVO> made = ArgumentCaptor.forClass(VolumeVO.class);
        verify(volumeDao).persist(made.capture());
        assertTrue(result.first());
        assertEquals(made.getValue().getUuid(), result.second());
        assertEquals("restored-9f.qcow2", made.getValue().getPath());
        assertEquals(com.cloud.storage.Volume.State.Ready, made.getValue().getState());
        verify(backups).restoreVolume("kb-b-1", "kb-vol-root", "kb-vm-7");
    }

    /** kboss restores the root disk of backup kb-b-1 of VM i-2-7-VM into it, answering {@code kbossSaid}. */
    private Pair<Boolean, String> restoreVolumeInto(com.cloud.vm.VirtualMachine.State state, String kbossSaid) {
        StoragePoolVO pool = mock(StoragePoolVO.class);
        when(pool.getId()).thenReturn(41L);
        when(pool.getPoolType()).thenReturn(Storage.StoragePoolType.NetworkFilesystem);
        when(primaryDataStoreDao.findByUuid("pool-uuid")).thenReturn(pool);
        when(hostDao.findByIp("10.0.0.5")).thenReturn(mock(HostVO.class));
        DiskOfferingVO diskOffering = mock(DiskOfferingVO.class);
        when(diskOffering.getId()).thenReturn(51L);
        when(diskOffering.getProvisioningType()).thenReturn(Storage.ProvisioningType.THIN);
        when(diskOfferingDao.findByUuid("disk-offering-uuid")).thenReturn(diskOffering);
        when(volumeDao.persist(any(VolumeVO.class))).thenAnswer(call -> call.getArgument(0));
        BackupVO row = row("kb-b-1");
        when(backups.get("kb-b-1")).thenReturn(Optional.of(kbossBackup("kb-b-1", "kb-vm-7", "i-2-7-VM", "Full",
                "BackedUp")));
        Volume root = volume("kb-vol-root", "/mnt/pool-uuid/root-file-uuid");
        Volume restored = volume("kb-vol-new", "/mnt/pool-uuid/restored-9f.qcow2");
        // Listed for the backed-up disk, before the restore, and after it.
        List<List<Volume>> listings = new java.util.ArrayList<>(List.of(List.of(root), List.of(root),
                List.of(root, restored)));
        when(vms.volumes("kb-vm-7")).thenAnswer(call -> listings.remove(0));
        when(vms.byName("i-2-7-VM")).thenReturn(Optional.of(kbossVm("kb-vm-7", "i-2-7-VM", "kb-gold")));
        io.kboss.client.PendingJob<Success> job = finished(new Success(true, kbossSaid));
        when(backups.restoreVolume("kb-b-1", "kb-vol-root", "kb-vm-7")).thenReturn(job);
        Backup.VolumeInfo source = new Backup.VolumeInfo("cs-root-uuid", "root-file-uuid",
                com.cloud.storage.Volume.Type.ROOT, 64L << 20, 0L, "disk-offering-uuid", null, null);

        return provider.restoreBackedUpVolume(row, source, "10.0.0.5", "pool-uuid", new Pair<>("i-2-7-VM", state));
    }

    @Test
    public void aVolumeRestoreIsMadeOnlyForTheHostIpAndPoolUuidOfCloudStacksFourTries() {
        when(primaryDataStoreDao.findByUuid("pool-name")).thenReturn(null);
        when(hostDao.findByIp("host-name")).thenReturn(null);
        when(primaryDataStoreDao.findByUuid("pool-uuid")).thenReturn(mock(StoragePoolVO.class));
        Backup.VolumeInfo source = new Backup.VolumeInfo("cs-root-uuid", "root-file-uuid",
                com.cloud.storage.Volume.Type.ROOT, 1L, 0L, "o", null, null);
        Pair<String, com.cloud.vm.VirtualMachine.State> target = new Pair<>("i-2-7-VM",
                com.cloud.vm.VirtualMachine.State.Running);

        assertFalse(provider.restoreBackedUpVolume(row("kb-b-1"), source, "10.0.0.5", "pool-name", target).first());
        assertFalse(provider.restoreBackedUpVolume(row("kb-b-1"), source, "host-name", "pool-uuid", target).first());

        verifyNoInteractions(backups);
    }

    @Test
    public void theSyncGivesEachVmItsRestorableKbossBackupsAsRestorePoints() {
        when(backups.list()).thenReturn(List.of(
                kbossBackup("kb-b-1", "kb-vm-7", "i-2-7-VM", "Full", "BackedUp"),
                kbossBackup("kb-b-2", "kb-vm-7", "i-2-7-VM", "Incremental", "Restoring"),
                kbossBackup("kb-b-3", "kb-vm-7", "i-2-7-VM", "Incremental", "BackingUp"),
                kbossBackup("kb-b-4", "kb-vm-7", "i-2-7-VM", "Full", "Failed"),
                kbossBackup("kb-b-5", "kb-vm-8", "i-2-8-VM", "Full", "BackedUp")));

        provider.syncBackupMetrics(ZONE);
        List<Backup.RestorePoint> points = provider.listRestorePoints(vm);

        assertEquals(List.of("kb-b-1", "kb-b-2"), points.stream().map(Backup.RestorePoint::getId).toList());
        assertEquals(List.of("FULL", "INCREMENTAL"), points.stream().map(Backup.RestorePoint::getType).toList());
        assertEquals(Long.valueOf(2_000_000L), points.get(0).getBackupSize());
        assertEquals(Long.valueOf(64L << 20), points.get(0).getDataSize());
        assertEquals(Date.from(TAKEN), points.get(0).getCreated());
        assertTrue("a VM kboss holds nothing of has none", provider.listRestorePoints(cloudStackVm(9L, "i-2-9-VM"))
                .isEmpty());
    }

    @Test
    public void whenKbossCannotBeReadTheSyncReportsNothingSoNoRowIsRemoved() {
        when(backups.list()).thenThrow(new KbossClientException("kboss-server at ... could not be reached", null));

        provider.syncBackupMetrics(ZONE);

        assertNull("null, not an empty list: CloudStack would remove every row", provider.listRestorePoints(vm));
    }

    @Test
    public void aRestorePointWithoutARowGetsOneAndOneWithARowGetsNoSecond() {
        Backup.RestorePoint point = new Backup.RestorePoint("kb-b-1", Date.from(TAKEN), "FULL", 5L, 64L);
        when(backupDao.listByVmId(null, 7L)).thenReturn(List.of());

        BackupVO made = (BackupVO) provider.createNewBackupEntryForRestorePoint(point, vm);

        assertEquals("kb-b-1", made.getExternalId());
        assertEquals("FULL", made.getType());
        assertEquals(Long.valueOf(5L), made.getSize());
        assertEquals(Long.valueOf(64L), made.getProtectedSize());
        assertEquals(Backup.Status.BackedUp, made.getStatus());
        when(backupDao.listByVmId(null, 7L)).thenReturn(List.of(made));
        assertNull(provider.createNewBackupEntryForRestorePoint(point, vm));
    }

    @Test
    public void theStorageStatsCountTheKbossBackupsOfTheZonesVmsOnly() {
        when(backups.list()).thenReturn(List.of(
                kbossBackup("kb-b-1", "kb-vm-7", "i-2-7-VM", "Full", "BackedUp"),
                kbossBackup("kb-b-2", "kb-vm-7", "i-2-7-VM", "Incremental", "BackedUp"),
                kbossBackup("kb-b-3", "kb-vm-8", "i-2-8-VM", "Full", "BackedUp")));
        when(vmInstanceDao.findVMByInstanceNameIncludingRemoved("i-2-7-VM")).thenReturn(vm);
        VMInstanceVO elsewhere = cloudStackVm(8L, "i-2-8-VM");
        when(elsewhere.getDataCenterId()).thenReturn(ZONE + 1);
        when(vmInstanceDao.findVMByInstanceNameIncludingRemoved("i-2-8-VM")).thenReturn(elsewhere);

        assertEquals(new Pair<>(0L, 0L), provider.getBackupStorageStats(ZONE));
        provider.syncBackupStorageStats(ZONE);

        assertEquals(new Pair<>(4_000_000L, 0L), provider.getBackupStorageStats(ZONE));
    }

    private static BackupOffering imported(String externalId) {
        BackupOfferingVO o = mock(BackupOfferingVO.class);
        when(o.getExternalId()).thenReturn(externalId);
        when(o.getName()).thenReturn("gold");
        return o;
    }

    private static BackupVO row(String externalId) {
        BackupVO b = new BackupVO();
        b.setExternalId(externalId);
        b.setZoneId(ZONE);
        b.setVmId(7L);
        b.setAccountId(11L);
        b.setDomainId(12L);
        b.setSize(2_000_000L);
        return b;
    }

    private static Volume volume(String id, String path) {
        return new Volume(id, id, "DATADISK", 0, "vda", "kb-vm-7", "i-2-7-VM", path, 64L << 20, 1L << 20, "qcow2",
                "FILE", "Ready", "kboss-zone", "zone", "admin", "d", "ROOT", TAKEN);
    }

    private static boolean declares(Class<?> type, Method m) {
        try {
            Method own = type.getMethod(m.getName(), m.getParameterTypes());
            return !Modifier.isAbstract(own.getModifiers()) && own.getDeclaringClass() == type;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
