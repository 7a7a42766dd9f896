package io.kboss.cloudstack;

import com.cloud.configuration.Resource;
import com.cloud.exception.InvalidParameterValueException;
import com.cloud.exception.PermissionDeniedException;
import com.cloud.host.Host;
import com.cloud.host.dao.HostDao;
import com.cloud.user.Account;
import com.cloud.user.AccountService;
import com.cloud.user.ResourceLimitService;
import com.cloud.utils.component.PluggableService;
import com.cloud.utils.exception.CloudRuntimeException;
import com.cloud.vm.VMInstanceVO;
import com.cloud.vm.VirtualMachine;
import com.cloud.vm.dao.VMInstanceDao;
import io.kboss.client.KbossClient;
import io.kboss.client.KbossClientException;
import io.kboss.client.ListPage;
import io.kboss.client.model.ServiceJob;
import io.kboss.client.model.ValidationScreenshot;
import io.kboss.client.request.BackupOptions;
import io.kboss.client.request.RestoreOptions;
import io.kboss.client.request.ServiceJobQuery;
import io.kboss.cloudstack.api.CreateKbossBackupCmd;
import io.kboss.cloudstack.api.DownloadValidationScreenshotCmd;
import io.kboss.cloudstack.api.FinishBackupChainCmd;
import io.kboss.cloudstack.api.ListBackupServiceJobsCmd;
import io.kboss.cloudstack.api.RestoreKbossBackupCmd;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.cloudstack.backup.Backup;
import org.apache.cloudstack.backup.BackupOffering;
import org.apache.cloudstack.backup.dao.BackupDao;
import org.apache.cloudstack.backup.dao.BackupOfferingDao;

/**
 * What KBOSS does that CloudStack 4.22's backup framework has no command for: finishing a VM's
 * chain, backups with kboss's options (isolated, quiesce), quick restore, and the compression and
 * validation service jobs. Each command ({@link #getCommands}) is a thin CloudStack API class that
 * calls one method here; here the caller's rights are checked as CloudStack checks them for its
 * own backup commands, and the work is handed to the provider or to the zone's kboss-server.
 */
public class KbossOperations implements PluggableService {
    @Inject
    private KbossBackupProvider provider;
    @Inject
    private AccountService accounts;
    @Inject
    private ResourceLimitService limits;
    @Inject
    private VMInstanceDao vmInstanceDao;
    @Inject
    private BackupDao backupDao;
    @Inject
    private BackupOfferingDao backupOfferingDao;
    @Inject
    private HostDao hostDao;

    @Override
    public List<Class<?>> getCommands() {
        return List.of(FinishBackupChainCmd.class, CreateKbossBackupCmd.class, RestoreKbossBackupCmd.class,
                ListBackupServiceJobsCmd.class, DownloadValidationScreenshotCmd.class);
    }

    /** Ends the VM's kboss chains now: its next backup is full. kboss's sentence on what it removed. */
    public String finishBackupChain(Account caller, long vmId) {
        VirtualMachine vm = kbossVm(caller, vmId);
        KbossClient kboss = provider.connections().forZone(vm.getDataCenterId());
        try {
            return kboss.backups().finishChain(DiscoveredVms.require(kboss, vm).id()).displayText();
        } catch (KbossClientException e) {
            throw KbossFailures.of("finish the backup chain of VM " + vm.getInstanceName(), e);
        }
    }

    /**
     * A backup with kboss's options, counted against the owner's backup limits as CloudStack's
     * createBackup counts its own.
     */
    public Backup createBackup(Account caller, long vmId, boolean quiesce, boolean isolated) {
        VirtualMachine vm = kbossVm(caller, vmId);
        BackupOffering offering = backupOfferingDao.findById(vm.getBackupOfferingId());
        if (!offering.isUserDrivenBackupAllowed() && !accounts.isRootAdmin(caller.getId())) {
            throw new PermissionDeniedException("Backup offering " + offering.getName() + " of VM "
                    + vm.getInstanceName() + " does not allow backups on request; only its schedules take them");
        }
        try {
            limits.checkResourceLimit(accounts.getAccount(vm.getAccountId()), Resource.ResourceType.backup);
        } catch (com.cloud.exception.ResourceAllocationException e) {
            throw new CloudRuntimeException("VM " + vm.getInstanceName() + "'s account may not have more backups: "
                    + e.getMessage(), e);
        }
        Backup b = provider.takeKbossBackup(vm, BackupOptions.defaults().quiesced(quiesce).isolated(isolated));
        limits.incrementResourceCount(vm.getAccountId(), Resource.ResourceType.backup);
        limits.incrementResourceCount(vm.getAccountId(), Resource.ResourceType.backup_storage, b.getSize());
        return b;
    }

    /**
     * Restores the backup's VM from it in kboss: in place, or with quick restore (kboss starts the
     * VM at once on its backup and consolidates the disks while it runs; CloudStack sees the VM
     * running at its next power-state report). The VM must be stopped, as for restoreBackup.
     *
     * @param hostId the host to restore on (root administrators only), or null
     */
    public String restoreBackup(Account caller, long backupId, boolean quick, Long hostId) {
        Backup backup = backupDao.findById(backupId);
        if (backup == null) {
            throw new InvalidParameterValueException("No backup with that id; listBackups shows the backups");
        }
        VirtualMachine vm = kbossVm(caller, backup.getVmId());
        if (vm.getState() != VirtualMachine.State.Stopped) {
            throw new InvalidParameterValueException("VM " + vm.getInstanceName() + " is " + vm.getState()
                    + "; stop it before restoring it from a backup");
        }
        RestoreOptions options = RestoreOptions.defaults().quick(quick);
        if (hostId != null) {
            if (!accounts.isRootAdmin(caller.getId())) {
                throw new PermissionDeniedException("Only root administrators may choose the host of a restore");
            }
            options = options.onHost(kbossHost(provider.connections().forZone(vm.getDataCenterId()), hostId));
        }
        return provider.restore(vm, backup, options);
    }

    /**
     * The compression and validation jobs kboss-server runs (issues 9 and 10), with CloudStack's
     * ids: a backup's (by its CloudStack id), a host's, or a zone's.
     */
    public ListPage<ServiceJob> listServiceJobs(Long zoneId, Long backupId, Long hostId, String type,
            Boolean executing, Boolean scheduled) {
        Backup backup = backupId == null ? null : backupDao.findById(backupId);
        Host host = hostId == null ? null : hostDao.findById(hostId);
        Long zone = zoneId != null
                ? zoneId
                : backup != null
                        ? (Long) backup.getZoneId()
                        : host != null ? (Long) host.getDataCenterId() : null;
        if (zone == null) {
            throw new InvalidParameterValueException("Give zoneid, backupid or hostid: each zone has its own "
                    + "kboss-server, and that says which to ask");
        }
        KbossClient kboss = provider.connections().forZone(zone);
        try {
            // Filters not given are not sent: the server's defaults apply.
            return kboss.serviceJobs().list(new ServiceJobQuery(null, backup == null ? null : backup.getExternalId(),
                    host == null ? null : kbossHost(kboss, hostId), null, type, executing, scheduled));
        } catch (KbossClientException e) {
            throw KbossFailures.of("list its service jobs", e);
        }
    }

    /** Where to fetch the screenshot the backup's last validation took. */
    public ValidationScreenshot validationScreenshot(Account caller, long backupId) {
        Backup backup = backupDao.findById(backupId);
        if (backup == null) {
            throw new InvalidParameterValueException("No backup with that id; listBackups shows the backups");
        }
        accounts.checkAccess(caller, null, true, backup);
        try {
            return provider.connections().forZone(backup.getZoneId()).serviceJobs()
                    .downloadValidationScreenshot(backup.getExternalId());
        } catch (KbossClientException e) {
            throw KbossFailures.of("give the validation screenshot of backup " + backup.getUuid(), e);
        }
    }

    /** CloudStack's id of a kboss backup, for answers; empty when CloudStack has no row for it. */
    public Optional<String> cloudStackBackupUuid(long zoneId, String kbossBackupId) {
        if (kbossBackupId == null) {
            return Optional.empty();
        }
        try {
            return provider.connections().forZone(zoneId).backups().get(kbossBackupId)
                    .map(b -> vmInstanceDao.findVMByInstanceNameIncludingRemoved(b.virtualMachineName()))
                    .flatMap(vm -> backupDao.listByVmId(null, vm.getId()).stream()
                            .filter(row -> kbossBackupId.equals(row.getExternalId())).findFirst())
                    .map(Backup::getUuid);
        } catch (KbossClientException e) {
            throw KbossFailures.of("look up backup " + kbossBackupId, e);
        }
    }

    /** CloudStack's id of a kboss host (same address), for answers. */
    public Optional<String> cloudStackHostUuid(long zoneId, String kbossHostId) {
        if (kbossHostId == null) {
            return Optional.empty();
        }
        try {
            return provider.connections().forZone(zoneId).hosts().get(kbossHostId)
                    .map(h -> hostDao.findByIp(h.ipAddress())).map(Host::getUuid);
        } catch (KbossClientException e) {
            throw KbossFailures.of("look up host " + kbossHostId, e);
        }
    }

    /** The VM, which the caller may act on and which has a kboss offering. */
    private VirtualMachine kbossVm(Account caller, long vmId) {
        VMInstanceVO vm = vmInstanceDao.findById(vmId);
        if (vm == null) {
            throw new InvalidParameterValueException("No VM with that id; listVirtualMachines shows the VMs");
        }
        accounts.checkAccess(caller, null, true, vm);
        BackupOffering offering = vm.getBackupOfferingId() == null
                ? null
                : backupOfferingDao.findById(vm.getBackupOfferingId());
        if (offering == null || !KbossBackupProvider.NAME.equals(offering.getProvider())) {
            throw new InvalidParameterValueException("VM " + vm.getInstanceName() + " has no kboss backup offering; "
                    + "assign one with assignVirtualMachineToBackupOffering first");
        }
        return vm;
    }

    /** kboss's id of a CloudStack host: the kboss host whose agent has the host's private address. */
    private String kbossHost(KbossClient kboss, long hostId) {
        Host host = hostDao.findById(hostId);
        if (host == null) {
            throw new InvalidParameterValueException("No host with that id; listHosts shows the hosts");
        }
        try {
            return kboss.hosts().list(null).stream().filter(h -> host.getPrivateIpAddress().equals(h.ipAddress()))
                    .findFirst().orElseThrow(() -> new InvalidParameterValueException("Host " + host.getName()
                            + " (" + host.getPrivateIpAddress() + ") has no kboss-agent paired with kboss-server; "
                            + "pair it with addHost there first"))
                    .id();
        } catch (KbossClientException e) {
            throw KbossFailures.of("list its hosts", e);
        }
    }
}
