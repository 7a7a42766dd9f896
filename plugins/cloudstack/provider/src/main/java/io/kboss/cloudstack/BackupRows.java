package io.kboss.cloudstack;

import com.cloud.storage.Volume;
import com.cloud.storage.dao.VolumeDao;
import com.cloud.vm.VirtualMachine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.apache.cloudstack.backup.Backup;
import org.apache.cloudstack.backup.BackupManager;
import org.apache.cloudstack.backup.BackupVO;
import org.apache.cloudstack.backup.dao.BackupDao;

/**
 * Rows of CloudStack's {@code backups} table for kboss backups: external id the kboss backup's id,
 * type FULL or INCREMENTAL, size the bytes on secondary storage, protected size the bytes of the
 * disks. A backup gets its row when takeBackup ends or, if CloudStack missed that (a restarted
 * management server, a job that outlasted the wait), at the next backup sync; whichever comes
 * second finds the row and makes none.
 */
final class BackupRows {
    private final BackupDao backups;
    private final VolumeDao volumes;
    private final BackupManager manager;

    BackupRows(BackupDao backups, VolumeDao volumes, BackupManager manager) {
        this.backups = backups;
        this.volumes = volumes;
        this.manager = manager;
    }

    /** The row of kboss backup {@code externalId} of the VM, if it has one. */
    Optional<Backup> find(VirtualMachine vm, String externalId) {
        return backups.listByVmId(null, vm.getId()).stream().filter(b -> externalId.equals(b.getExternalId()))
                .findFirst();
    }

    /** The row of a backup kboss took of {@code vm}: the one there is, or a new one. */
    Backup recordTaken(VirtualMachine vm, io.kboss.client.model.Backup taken) {
        return find(vm, taken.id()).orElseGet(() -> insert(vm, taken.id(), type(taken), when(taken), taken.size(),
                taken.virtualSize()));
    }

    /** A new row for a restore point the backup sync found in kboss-server. */
    BackupVO insert(VirtualMachine vm, Backup.RestorePoint point) {
        return insert(vm, point.getId(), point.getType(), point.getCreated(), point.getBackupSize(),
                point.getDataSize());
    }

    /** CloudStack's backup type of a kboss backup, as its NAS provider writes them. */
    static String type(io.kboss.client.model.Backup b) {
        return b.incremental() ? "INCREMENTAL" : "FULL";
    }

    /** When the backup was taken (its request time while it has no date yet). */
    static Date when(io.kboss.client.model.Backup b) {
        Instant at = b.date() != null ? b.date() : b.created();
        return at == null ? null : Date.from(at);
    }

    private BackupVO insert(VirtualMachine vm, String externalId, String type, Date date, Long size,
            Long protectedSize) {
        BackupVO row = new BackupVO();
        row.setVmId(vm.getId());
        row.setExternalId(externalId);
        row.setType(type);
        row.setDate(date);
        row.setStatus(Backup.Status.BackedUp);
        row.setSize(size == null ? 0L : size);
        row.setProtectedSize(protectedSize == null ? 0L : protectedSize);
        row.setBackupOfferingId(vm.getBackupOfferingId());
        row.setAccountId(vm.getAccountId());
        row.setDomainId(vm.getDomainId());
        row.setZoneId(vm.getDataCenterId());
        row.setName(manager.getBackupNameFromVM(vm));
        List<Volume> disks = new ArrayList<>(volumes.findByInstance(vm.getId()));
        row.setBackedUpVolumes(manager.createVolumeInfoFromVolumes(disks));
        row.setDetails(manager.getBackupDetailsFromVM(vm));
        return backups.persist(row);
    }
}
