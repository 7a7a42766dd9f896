package io.kboss.cloudstack;

import static io.kboss.cloudstack.KbossFakes.ZONE;
import static io.kboss.cloudstack.KbossFakes.cloudStackVm;
import static io.kboss.cloudstack.KbossFakes.kbossVm;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.cloud.configuration.Resource;
import com.cloud.exception.InvalidParameterValueException;
import com.cloud.exception.PermissionDeniedException;
import com.cloud.exception.ResourceAllocationException;
import com.cloud.host.HostVO;
import com.cloud.host.dao.HostDao;
import com.cloud.user.Account;
import com.cloud.user.AccountService;
import com.cloud.user.ResourceLimitService;
import com.cloud.utils.exception.CloudRuntimeException;
import com.cloud.vm.VMInstanceVO;
import com.cloud.vm.VirtualMachine;
import com.cloud.vm.dao.VMInstanceDao;
import io.kboss.client.Backups;
import io.kboss.client.Hosts;
import io.kboss.client.KbossClient;
import io.kboss.client.ListPage;
import io.kboss.client.ServiceJobs;
import io.kboss.client.VirtualMachines;
import io.kboss.client.model.Host;
import io.kboss.client.model.ServiceJob;
import io.kboss.client.model.Success;
import io.kboss.client.model.ValidationScreenshot;
import io.kboss.client.request.BackupOptions;
import io.kboss.client.request.RestoreOptions;
import io.kboss.client.request.ServiceJobQuery;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.cloudstack.backup.BackupOfferingVO;
import org.apache.cloudstack.backup.BackupVO;
import org.apache.cloudstack.backup.dao.BackupDao;
import org.apache.cloudstack.backup.dao.BackupOfferingDao;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.mockito.InjectMocks;
import org.mockito.Mock;
import org.mockito.junit.MockitoJUnit;
import org.mockito.junit.MockitoRule;
import org.mockito.quality.Strictness;

/**
 * KBOSS's own commands' work: the caller's rights and CloudStack's limits are checked as for
 * CloudStack's backup commands, then kboss-server (behind a mocked client) or the provider does it.
 */
public class KbossOperationsTest {
    @Rule
    public MockitoRule mockito = MockitoJUnit.rule().strictness(Strictness.LENIENT);

    @Mock
    private KbossBackupProvider provider;
    @Mock
    private AccountService accounts;
    @Mock
    private ResourceLimitService limits;
    @Mock
    private VMInstanceDao vmInstanceDao;
    @Mock
    private BackupDao backupDao;
    @Mock
    private BackupOfferingDao backupOfferingDao;
    @Mock
    private HostDao hostDao;
    @InjectMocks
    private KbossOperations operations;

    private final KbossClient kboss = mock(KbossClient.class);
    private final Backups backups = mock(Backups.class);
    private final VirtualMachines vms = mock(VirtualMachines.class);
    private final Hosts hosts = mock(Hosts.class);
    private final ServiceJobs serviceJobs = mock(ServiceJobs.class);
    private final Account user = mock(Account.class);
    private final VMInstanceVO vm = cloudStackVm(7L, "i-2-7-VM");
    private final BackupOfferingVO kbossOffering = mock(BackupOfferingVO.class);

    @Before
    public void aVmWithAKbossOffering() {
        when(kboss.backups()).thenReturn(backups);
        when(kboss.virtualMachines()).thenReturn(vms);
        when(kboss.hosts()).thenReturn(hosts);
        when(kboss.serviceJobs()).thenReturn(serviceJobs);
        when(provider.connections()).thenReturn(new OneKbossServer(kboss, ZONE, Duration.ofMinutes(3)));
        when(user.getId()).thenReturn(11L);
        when(vmInstanceDao.findById(7L)).thenReturn(vm);
        when(kbossOffering.getProvider()).thenReturn("kboss");
        when(kbossOffering.getName()).thenReturn("gold");
        when(kbossOffering.isUserDrivenBackupAllowed()).thenReturn(true);
        when(backupOfferingDao.findById(21L)).thenReturn(kbossOffering);
        when(vms.byName("i-2-7-VM")).thenReturn(Optional.of(kbossVm("kb-vm-7", "i-2-7-VM", "kb-gold")));
    }

    @Test
    public void finishingTheChainChecksTheCallerMayActOnTheVmAndFinishesItsKbossChains() {
        when(backups.finishChain("kb-vm-7")).thenReturn(new Success(true, "removed checkpoints c1, c2"));

        assertEquals("removed checkpoints c1, c2", operations.finishBackupChain(user, 7L));

        verify(accounts).checkAccess(user, null, true, vm);
    }

    @Test
    public void aCallerWithoutAccessToTheVmIsRefusedBeforeKbossIsAsked() {
        doThrow(new PermissionDeniedException("not yours")).when(accounts).checkAccess(user, null, true, vm);

        assertThrows(PermissionDeniedException.class, () -> operations.finishBackupChain(user, 7L));

        verify(backups, never()).finishChain(any());
    }

    @Test
    public void aVmWithoutAKbossOfferingIsRefusedSayingToAssignOne() {
        BackupOfferingVO nas = mock(BackupOfferingVO.class);
        when(nas.getProvider()).thenReturn("nas");
        when(backupOfferingDao.findById(21L)).thenReturn(nas);

        InvalidParameterValueException e = assertThrows(InvalidParameterValueException.class,
                () -> operations.finishBackupChain(user, 7L));

        assertTrue(e.getMessage(), e.getMessage().contains("assignVirtualMachineToBackupOffering"));
    }

    @Test
    public void aKbossBackupWithOptionsIsTakenAndCountedAgainstTheOwnersLimits() throws Exception {
        BackupVO row = new BackupVO();
        row.setSize(5_000L);
        when(provider.takeKbossBackup(vm, BackupOptions.defaults().quiesced(true).isolated(true))).thenReturn(row);
        Account owner = mock(Account.class);
        when(accounts.getAccount(11L)).thenReturn(owner);

        assertSame(row, operations.createBackup(user, 7L, true, true));

        verify(limits).checkResourceLimit(owner, Resource.ResourceType.backup);
        verify(limits).incrementResourceCount(11L, Resource.ResourceType.backup);
        verify(limits).incrementResourceCount(11L, Resource.ResourceType.backup_storage, 5_000L);
    }

    @Test
    public void anAccountAtItsBackupLimitTakesNoBackup() throws Exception {
        Account owner = mock(Account.class);
        when(accounts.getAccount(11L)).thenReturn(owner);
        doThrow(new ResourceAllocationException("limit of 3 backups", Resource.ResourceType.backup)).when(limits)
                .checkResourceLimit(owner, Resource.ResourceType.backup);

        CloudRuntimeException e = assertThrows(CloudRuntimeException.class,
                () -> operations.createBackup(user, 7L, false, true));

        assertTrue(e.getMessage(), e.getMessage().contains("limit of 3 backups"));
        verify(provider, never()).takeKbossBackup(any(), any());
    }

    @Test
    public void aUserTakesNoBackupOnRequestWhenTheOfferingAllowsOnlySchedules() {
        when(kbossOffering.isUserDrivenBackupAllowed()).thenReturn(false);
        when(accounts.isRootAdmin(11L)).thenReturn(false);

        assertThrows(PermissionDeniedException.class, () -> operations.createBackup(user, 7L, false, false));

        verify(provider, never()).takeKbossBackup(any(), any());
    }

    @Test
    public void aQuickRestoreNeedsTheVmStoppedAndThenRestoresInKbossWithTheOption() {
        BackupVO backup = backupRow();
        when(backupDao.findById(31L)).thenReturn(backup);

        InvalidParameterValueException running = assertThrows(InvalidParameterValueException.class,
                () -> operations.restoreBackup(user, 31L, true, null));
        assertTrue(running.getMessage(), running.getMessage().contains("stop it"));

        when(vm.getState()).thenReturn(VirtualMachine.State.Stopped);
        when(provider.restore(vm, backup, RestoreOptions.defaults().quick(true))).thenReturn("quick-restored");
        assertEquals("quick-restored", operations.restoreBackup(user, 31L, true, null));
    }

    @Test
    public void onlyARootAdminPicksTheHostOfARestoreWhichIsTheKbossHostAtTheSameAddress() {
        BackupVO backup = backupRow();
        when(backupDao.findById(31L)).thenReturn(backup);
        when(vm.getState()).thenReturn(VirtualMachine.State.Stopped);
        HostVO host = mock(HostVO.class);
        when(host.getPrivateIpAddress()).thenReturn("10.0.0.6");
        when(hostDao.findById(41L)).thenReturn(host);
        when(hosts.list(null)).thenReturn(List.of(kbossHost("kb-h-5", "10.0.0.5"), kbossHost("kb-h-6", "10.0.0.6")));

        assertThrows(PermissionDeniedException.class, () -> operations.restoreBackup(user, 31L, false, 41L));

        when(accounts.isRootAdmin(11L)).thenReturn(true);
        operations.restoreBackup(user, 31L, false, 41L);
        verify(provider).restore(vm, backup, RestoreOptions.defaults().quick(false).onHost("kb-h-6"));
    }

    @Test
    public void serviceJobsAreAskedOfTheZoneOfTheBackupWithKbossIds() {
        when(backupDao.findById(31L)).thenReturn(backupRow());
        ListPage<ServiceJob> none = new ListPage<>(0, List.of());
        when(serviceJobs.list(ServiceJobQuery.all().ofBackup("kb-b-1").executing(true)))
                .thenReturn(none);

        assertSame(none, operations.listServiceJobs(null, 31L, null, null, true, null));
    }

    @Test
    public void serviceJobsWithoutZoneBackupOrHostAreRefusedSayingWhatToGive() {
        InvalidParameterValueException e = assertThrows(InvalidParameterValueException.class,
                () -> operations.listServiceJobs(null, null, null, null, null, null));

        assertTrue(e.getMessage(), e.getMessage().contains("zoneid, backupid or hostid"));
    }

    @Test
    public void theValidationScreenshotIsForThoseWhoMayAccessTheBackup() {
        BackupVO backup = backupRow();
        when(backupDao.findById(31L)).thenReturn(backup);
        ValidationScreenshot shot = new ValidationScreenshot("s1", "https://kboss/shot.png", "Ready");
        when(serviceJobs.downloadValidationScreenshot("kb-b-1")).thenReturn(shot);

        assertSame(shot, operations.validationScreenshot(user, 31L));
        verify(accounts).checkAccess(user, null, true, backup);

        doThrow(new PermissionDeniedException("not yours")).when(accounts).checkAccess(user, null, true, backup);
        assertThrows(PermissionDeniedException.class, () -> operations.validationScreenshot(user, 31L));
    }

    private static BackupVO backupRow() {
        BackupVO b = new BackupVO();
        b.setExternalId("kb-b-1");
        b.setVmId(7L);
        b.setZoneId(ZONE);
        b.setAccountId(11L);
        return b;
    }

    private static Host kbossHost(String id, String address) {
        return new Host(id, id, "Routing", "KVM", "8.2", "Up", "Enabled", address, "0.1", "kz", "zone", null, null,
                2, 1L << 30, null, null);
    }

}
