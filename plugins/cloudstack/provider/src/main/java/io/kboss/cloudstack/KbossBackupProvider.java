package io.kboss.cloudstack;

import com.cloud.host.dao.HostDao;
import com.cloud.storage.dao.DiskOfferingDao;
import com.cloud.storage.dao.VolumeDao;
import com.cloud.utils.Pair;
import com.cloud.utils.component.AdapterBase;
import com.cloud.utils.exception.CloudRuntimeException;
import com.cloud.vm.VMInstanceVO;
import com.cloud.vm.VirtualMachine;
import com.cloud.vm.dao.VMInstanceDao;
import io.kboss.client.KbossClient;
import io.kboss.client.KbossClientException;
import io.kboss.client.model.Volume;
import io.kboss.client.request.BackupOptions;
import io.kboss.client.request.RestoreOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.cloudstack.backup.Backup;
import org.apache.cloudstack.backup.BackupManager;
import org.apache.cloudstack.backup.BackupOffering;
import org.apache.cloudstack.backup.BackupProvider;
import org.apache.cloudstack.backup.BackupService;
import org.apache.cloudstack.backup.dao.BackupDao;
import org.apache.cloudstack.backup.dao.BackupOfferingDao;
import org.apache.cloudstack.framework.config.ConfigKey;
import org.apache.cloudstack.framework.config.Configurable;
import org.apache.cloudstack.storage.datastore.db.PrimaryDataStoreDao;
import org.apache.cloudstack.storage.datastore.db.StoragePoolVO;

/**
 * KBOSS as a CloudStack backup provider: every operation is a call to the zone's kboss-server
 * (backup.plugin.kboss.*) through kboss-client, the way CloudStack's Veeam provider drives Veeam.
 * kboss-agent runs on each KVM host beside cloudstack-agent and sees CloudStack's VMs as libvirt
 * domains named after their instance names; that name links a CloudStack VM to kboss's.
 *
 * <p>Long work (backup, restore, delete) is waited on inside CloudStack's async job, up to
 * backup.plugin.kboss.job.timeout. A wait that runs out fails CloudStack's job, but kboss goes on;
 * the backup sync (backup.framework.sync.interval) then records what kboss finished, so a
 * management server that restarts in the middle loses no backup. The sync never removes rows when
 * kboss-server cannot be read: it then reports nothing rather than an empty list.
 */
public class KbossBackupProvider extends AdapterBase implements BackupProvider, Configurable {
    static final String NAME = "kboss";

    @Inject
    private BackupDao backupDao;
    @Inject
    private VolumeDao volumeDao;
    @Inject
    private DiskOfferingDao diskOfferingDao;
    @Inject
    private VMInstanceDao vmInstanceDao;
    @Inject
    private HostDao hostDao;
    @Inject
    private PrimaryDataStoreDao primaryDataStoreDao;
    @Inject
    private BackupManager backupManager;
    @Inject
    private BackupOfferingDao backupOfferingDao;

    private KbossConnections connections = new ConfiguredConnections();
    private Clock clock = Clock.systemUTC();
    /** The latest backup sync's listing per zone; absent when the last listing failed. */
    private final Map<Long, ZoneBackups> lastSync = new ConcurrentHashMap<>();
    /** Bytes of restorable kboss backups of each zone's VMs, as the latest storage sync counted them. */
    private final Map<Long, Long> usedBytes = new ConcurrentHashMap<>();

    /** For tests: what a zone's kboss-server is, and the clock. */
    void use(KbossConnections connections, Clock clock) {
        this.connections = connections;
        this.clock = clock;
    }

    /** Where each zone's kboss-server is, as the settings say; KbossOperations shares it. */
    KbossConnections connections() {
        return connections;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getDescription() {
        return "KBOSS (KVM Backup on Secondary Storage): full and incremental KVM backups through kboss-server";
    }

    @Override
    public String getConfigComponentName() {
        return BackupService.class.getSimpleName();
    }

    @Override
    public ConfigKey<?>[] getConfigKeys() {
        return KbossSettings.all();
    }

    // ---- offerings ----------------------------------------------------------------------------

    /** The kboss-server's offerings, for importBackupOffering (external id: the kboss offering's id). */
    @Override
    public List<BackupOffering> listBackupOfferings(Long zoneId) {
        KbossClient kboss = connections.forZone(zoneId);
        try {
            return kboss.offerings().list(null).stream().map(o -> (BackupOffering) new KbossBackupOffering(o, zoneId))
                    .toList();
        } catch (KbossClientException e) {
            throw KbossFailures.of("list its backup offerings", e);
        }
    }

    @Override
    public boolean isValidProviderOffering(Long zoneId, String uuid) {
        try {
            return connections.forZone(zoneId).offerings().get(uuid).isPresent();
        } catch (KbossClientException e) {
            throw KbossFailures.of("look up backup offering " + uuid, e);
        }
    }

    // ---- VMs and offerings --------------------------------------------------------------------

    /**
     * Assigns the VM's kboss VM to the offering's kboss offering; a kboss assignment to another
     * offering left from before (CloudStack had none) is replaced.
     */
    @Override
    public boolean assignVMToBackupOffering(VirtualMachine vm, BackupOffering offering) {
        KbossClient kboss = connections.forZone(vm.getDataCenterId());
        io.kboss.client.model.VirtualMachine known = DiscoveredVms.require(kboss, vm);
        try {
            assign(kboss, known, offering.getExternalId());
        } catch (KbossClientException e) {
            throw KbossFailures.of("assign VM " + vm.getInstanceName() + " to offering " + offering.getName(), e);
        }
        if (vm instanceof VMInstanceVO row) {
            // Saved by CloudStack with the assignment: where an operator finds the VM in kboss's UI.
            row.setBackupExternalId(known.id());
        }
        return true;
    }

    /**
     * Puts the kboss VM under the kboss offering, replacing another one it has. kboss-server answers both
     * commands with an async job, as CloudStack does; the client's {@code assign} and {@code remove} wait
     * for it (a few rows, at most {@code BackupOfferings.ASSIGNMENT_WAIT}), as CloudStack's own job expects
     * the assignment done when this method returns.
     */
    private static void assign(KbossClient kboss, io.kboss.client.model.VirtualMachine known, String offeringId) {
        if (offeringId.equals(known.backupOfferingId())) {
            return;
        }
        if (known.backupOfferingId() != null) {
            kboss.offerings().remove(known.id());
        }
        kboss.offerings().assign(known.id(), offeringId);
    }

    /**
     * Takes the kboss VM off its offering; its kboss backups stay, as CloudStack's rows do. CloudStack also
     * calls this while it expunges a VM: then kboss forgets the VM as well (see {@link #forgetExpunged}).
     */
    @Override
    public boolean removeVMFromBackupOffering(VirtualMachine vm) {
        KbossClient kboss = connections.forZone(vm.getDataCenterId());
        Optional<io.kboss.client.model.VirtualMachine> known = DiscoveredVms.find(kboss, vm.getInstanceName());
        if (known.isEmpty() || known.get().backupOfferingId() == null) {
            logger.info("VM {} has no kboss offering to remove (kboss-server {} it)", vm.getInstanceName(),
                    known.isEmpty() ? "does not know" : "assigns no offering to");
        } else {
            try {
                kboss.offerings().remove(known.get().id());
            } catch (KbossClientException e) {
                throw KbossFailures.of("remove VM " + vm.getInstanceName() + " from its offering", e);
            }
        }
        if (known.isPresent() && expunged(vm)) {
            forgetExpunged(kboss, known.get());
        }
        return true;
    }

    /** CloudStack is expunging the VM, or has: it will never start again. Destroyed VMs can be recovered. */
    private static boolean expunged(VirtualMachine vm) {
        return vm.getRemoved() != null || vm.getState() == VirtualMachine.State.Expunging;
    }

    /**
     * Tells kboss-server that CloudStack expunged the VM, so that it forgets it. kboss keeps a VM whose transient
     * domain ended (every stopped CloudStack VM), since it may start again; without this it would stay Stopped
     * in kboss forever. kboss keeps its backups, as CloudStack keeps an expunged VM's backup rows, and lists them
     * with isbackupvmexpunged. A refusal (kboss's discovery has not yet seen the domain end, or a kboss
     * operation holds the VM) is logged and fails nothing: the next backup sync asks again.
     */
    private void forgetExpunged(KbossClient kboss, io.kboss.client.model.VirtualMachine known) {
        try {
            kboss.virtualMachines().expunge(known.id());
            logger.info("kboss VM {} ({}) forgotten in kboss-server {}: CloudStack expunged it; its kboss backups are"
                    + " kept", known.id(), known.name(), kboss.endpoint());
        } catch (KbossClientException e) {
            logger.warn("kboss-server {} keeps kboss VM {} ({}) that CloudStack expunged, for now (the next backup sync"
                    + " asks again): {}", kboss.endpoint(), known.id(), known.name(), e.getMessage());
        }
    }

    /**
     * The kboss VMs CloudStack expunged in this zone (their instance names name removed VM rows) are forgotten
     * in kboss. This catches an expunge that did not pass through {@link #removeVMFromBackupOffering} (a VM
     * removed from its offering earlier), and one kboss refused then. A running kboss VM is defined on its
     * host, so it is not looked up.
     */
    private void forgetExpungedVms(long zoneId) {
        KbossClient kboss;
        List<io.kboss.client.model.VirtualMachine> known;
        try {
            kboss = connections.forZone(zoneId);
            known = kboss.virtualMachines().list(null);
        } catch (KbossClientException | CloudRuntimeException e) {
            logger.warn("The backup sync of zone {} could not list kboss-server's VMs, so it forgets no expunged VM"
                    + " this round: {}", zoneId, e.getMessage());
            return;
        }
        for (io.kboss.client.model.VirtualMachine vm : known) {
            if ("Running".equals(vm.state())) {
                continue;
            }
            VMInstanceVO row = vmInstanceDao.findVMByInstanceNameIncludingRemoved(vm.name());
            if (row != null && row.getDataCenterId() == zoneId && row.getRemoved() != null) {
                forgetExpunged(kboss, vm);
            }
        }
    }

    @Override
    public boolean willDeleteBackupsOnOfferingRemoval() {
        return false;
    }

    // ---- backups ------------------------------------------------------------------------------

    /**
     * Takes a backup through kboss (incremental when the VM's chain allows), waits for it, and
     * records it in CloudStack's backups table.
     */
    @Override
    public Pair<Boolean, Backup> takeBackup(VirtualMachine vm, Boolean quiesceVM) {
        return new Pair<>(true, takeKbossBackup(vm, BackupOptions.defaults().quiesced(Boolean.TRUE.equals(quiesceVM))));
    }

    /**
     * A backup with kboss's options (isolated, quiesce); the row it is recorded in. CloudStack's
     * assignment is the truth: a kboss VM that lost its offering (kboss knows a VM anew when its
     * domain is defined anew, as CloudStack does at every start) is assigned again first.
     */
    Backup takeKbossBackup(VirtualMachine vm, BackupOptions options) {
        KbossClient kboss = connections.forZone(vm.getDataCenterId());
        io.kboss.client.model.VirtualMachine known = DiscoveredVms.require(kboss, vm);
        BackupOffering offering = backupOfferingDao.findById(vm.getBackupOfferingId());
        io.kboss.client.model.Backup taken;
        try {
            if (offering != null && !offering.getExternalId().equals(known.backupOfferingId())) {
                logger.info("kboss VM {} of {} has offering {} instead of {}; assigning it again", known.id(),
                        vm.getInstanceName(), known.backupOfferingId(), offering.getExternalId());
                assign(kboss, known, offering.getExternalId());
            }
            taken = kboss.backups().create(known.id(), options).await(connections.jobTimeout(vm.getDataCenterId()));
        } catch (KbossClientException e) {
            throw KbossFailures.of("take a backup of VM " + vm.getInstanceName(), e);
        }
        return rows().recordTaken(vm, taken);
    }

    /**
     * Deletes the backup in kboss: a backup later ones depend on is merged into the next, which
     * stays restorable (the next sync updates its size); forced also deletes those later ones, whose
     * rows the next sync removes. A backup kboss no longer has counts as deleted.
     */
    @Override
    public boolean deleteBackup(Backup backup, boolean forced) {
        KbossClient kboss = connections.forZone(backup.getZoneId());
        try {
            if (kboss.backups().get(backup.getExternalId()).isEmpty()) {
                logger.info("kboss backup {} of CloudStack backup {} is already gone", backup.getExternalId(),
                        backup.getUuid());
                return true;
            }
            kboss.backups().delete(backup.getExternalId(), forced).await(connections.jobTimeout(backup.getZoneId()));
            return true;
        } catch (KbossClientException e) {
            throw KbossFailures.of("delete backup " + backup.getUuid(), e);
        }
    }

    // ---- restores -----------------------------------------------------------------------------

    /** Restores the VM's disks in place from the backup (CloudStack has stopped the VM). */
    @Override
    public boolean restoreVMFromBackup(VirtualMachine vm, Backup backup) {
        restore(vm, backup, RestoreOptions.defaults());
        return true;
    }

    /** A restore with kboss's options (quick restore, host); kboss's sentence on what it did. */
    String restore(VirtualMachine vm, Backup backup, RestoreOptions options) {
        KbossClient kboss = connections.forZone(backup.getZoneId());
        try {
            return kboss.backups().restore(backup.getExternalId(), options)
                    .await(connections.jobTimeout(backup.getZoneId())).displayText();
        } catch (KbossClientException e) {
            throw KbossFailures.of("restore VM " + vm.getInstanceName() + " from backup " + backup.getUuid(), e);
        }
    }

    /** kboss restores a backup onto its own VM only (restore as a new VM is not there yet). */
    @Override
    public Pair<Boolean, String> restoreBackupToVM(VirtualMachine vm, Backup backup, String hostIp,
            String dataStoreUuid) {
        return new Pair<>(false, "The kboss backup provider restores a backup onto the VM it was taken of only; "
                + "restoring backup " + backup.getUuid() + " into VM " + vm.getInstanceName() + " is not supported");
    }

    @Override
    public boolean supportsInstanceFromBackup() {
        return false;
    }

    @Override
    public Boolean crossZoneInstanceCreationEnabled(BackupOffering backupOffering) {
        return false;
    }

    /**
     * Restores one volume of the backup into a new volume beside the VM's disks, which kboss attaches
     * to the VM (live when it runs); CloudStack then attaches the row made here, in its records only (on
     * KVM it puts the volume in the domain at the VM's next start). A stopped VM's domain is gone
     * (CloudStack's domains are transient): kboss restores beside the disks it kept for the VM and records
     * the volume without an attach, so the row made here is what puts it in the VM. CloudStack calls this
     * once for each spelling of the host (IP, name) and datastore (uuid, name) until one works: kboss
     * needs neither, so only the host-IP-and-pool-uuid call restores and the others are declined
     * without a call, lest a failed restore be tried four times.
     */
    @Override
    public Pair<Boolean, String> restoreBackedUpVolume(Backup backup, Backup.VolumeInfo backupVolumeInfo,
            String hostIp, String dataStoreUuid, Pair<String, VirtualMachine.State> vmNameAndState) {
        StoragePoolVO pool = primaryDataStoreDao.findByUuid(dataStoreUuid);
        if (pool == null || hostDao.findByIp(hostIp) == null) {
            return new Pair<>(false, "the kboss provider restores with the host's IP address and the pool's uuid; "
                    + "host '" + hostIp + "' with pool '" + dataStoreUuid + "' is not that pair");
        }
        KbossClient kboss = connections.forZone(backup.getZoneId());
        String target = vmNameAndState.first();
        try {
            io.kboss.client.model.Backup held = kboss.backups().get(backup.getExternalId()).orElseThrow(
                    () -> new CloudRuntimeException("kboss-server no longer has backup " + backup.getExternalId()
                            + " (CloudStack backup " + backup.getUuid() + "); the next backup sync removes it"));
            Volume source = backedUpVolume(kboss, held, backupVolumeInfo);
            String targetVm = DiscoveredVms.require(kboss, target).id();
            Set<String> before = kboss.virtualMachines().volumes(targetVm).stream().map(Volume::id)
                    .collect(Collectors.toSet());
            String done = kboss.backups().restoreVolume(held.id(), source.id(), targetVm)
                    .await(connections.jobTimeout(backup.getZoneId())).displayText();
            Volume restored = kboss.virtualMachines().volumes(targetVm).stream()
                    .filter(v -> !before.contains(v.id())).findFirst().orElseThrow(() -> new CloudRuntimeException(
                            "kboss restored volume " + backupVolumeInfo.getUuid() + " (" + done + ") but lists no new "
                                    + "volume of VM " + target + "; run reconnectHost in kboss-server and check"));
            return new Pair<>(true, new RestoredVolumes(volumeDao, diskOfferingDao, clock)
                    .register(backup, backupVolumeInfo, pool, restored).getUuid());
        } catch (KbossClientException e) {
            throw KbossFailures.of("restore volume " + backupVolumeInfo.getUuid() + " of backup " + backup.getUuid()
                    + " into VM " + target, e);
        }
    }

    /**
     * The kboss volume the backup holds for CloudStack's {@code volume}: the disk of the backed-up
     * kboss VM whose file is the CloudStack volume's path.
     */
    private static Volume backedUpVolume(KbossClient kboss, io.kboss.client.model.Backup held,
            Backup.VolumeInfo volume) {
        List<Volume> disks = kboss.virtualMachines().volumes(held.virtualMachineId());
        return disks.stream().filter(d -> d.path() != null && Path.of(d.path()).getFileName().toString()
                .equals(volume.getPath())).findFirst().orElseThrow(() -> new CloudRuntimeException("kboss VM "
                        + held.virtualMachineName() + " of backup " + held.id() + " has no disk with file "
                        + volume.getPath() + " (CloudStack volume " + volume.getUuid() + "); its disks are "
                        + disks.stream().map(Volume::path).toList() + ". kboss learns a VM's disks when its "
                        + "host's discovery sees its domain (and keeps them while it is stopped): start the VM, run "
                        + "reconnectHost in kboss-server, and retry"));
    }

    // ---- backup sync and usage ----------------------------------------------------------------

    /**
     * Reads the zone's kboss backups once for this sync round; listRestorePoints answers from it. Then kboss
     * forgets the VMs CloudStack expunged (their backups stay in kboss, and their rows in CloudStack).
     */
    @Override
    public void syncBackupMetrics(Long zoneId) {
        Optional<ZoneBackups> listed = list(zoneId);
        if (listed.isPresent()) {
            lastSync.put(zoneId, listed.get());
        } else {
            lastSync.remove(zoneId);
        }
        forgetExpungedVms(zoneId);
    }

    /**
     * The VM's restorable kboss backups as restore points (id, date, FULL/INCREMENTAL, bytes stored,
     * bytes of the disks); null when the zone's kboss backups could not be read, so that the sync
     * changes nothing rather than removing every row.
     */
    @Override
    public List<Backup.RestorePoint> listRestorePoints(VirtualMachine vm) {
        ZoneBackups zone = lastSync.get(vm.getDataCenterId());
        if (zone == null) {
            return null;
        }
        return zone.ofVm(vm.getInstanceName()).stream().map(b -> new Backup.RestorePoint(b.id(), BackupRows.when(b),
                BackupRows.type(b), b.size(), b.virtualSize())).collect(Collectors.toList());
    }

    /** A row for a kboss backup CloudStack has none for; null when one was made meanwhile (takeBackup). */
    @Override
    public Backup createNewBackupEntryForRestorePoint(Backup.RestorePoint restorePoint, VirtualMachine vm) {
        BackupRows rows = rows();
        if (rows.find(vm, restorePoint.getId()).isPresent()) {
            return null;
        }
        return rows.insert(vm, restorePoint);
    }

    /**
     * Bytes the zone's VMs' restorable kboss backups take on secondary storage, and 0 for the total:
     * kboss-server does not report its stores' capacity.
     */
    @Override
    public Pair<Long, Long> getBackupStorageStats(Long zoneId) {
        return new Pair<>(usedBytes.getOrDefault(zoneId, 0L), 0L);
    }

    @Override
    public void syncBackupStorageStats(Long zoneId) {
        list(zoneId).ifPresent(zone -> usedBytes.put(zoneId, zone.vmNames().stream().filter(name -> inZone(name,
                zoneId)).flatMap(name -> zone.ofVm(name).stream()).mapToLong(b -> b.size() == null ? 0L : b.size())
                .sum()));
    }

    private boolean inZone(String instanceName, long zoneId) {
        VMInstanceVO vm = vmInstanceDao.findVMByInstanceNameIncludingRemoved(instanceName);
        return vm != null && vm.getDataCenterId() == zoneId;
    }

    /** Every kboss backup the zone's kboss-server holds, or empty (logged) when it cannot be read. */
    private Optional<ZoneBackups> list(long zoneId) {
        try {
            return Optional.of(ZoneBackups.of(connections.forZone(zoneId).backups().list()));
        } catch (KbossClientException | CloudRuntimeException e) {
            logger.warn("The backup sync of zone {} could not read kboss-server's backups, so it changes nothing "
                    + "this round: {}", zoneId, e.getMessage());
            return Optional.empty();
        }
    }

    private BackupRows rows() {
        return new BackupRows(backupDao, volumeDao, backupManager);
    }
}
