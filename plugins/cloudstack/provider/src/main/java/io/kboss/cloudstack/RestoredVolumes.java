package io.kboss.cloudstack;

import com.cloud.offering.DiskOffering;
import com.cloud.storage.Storage;
import com.cloud.storage.Volume;
import com.cloud.storage.VolumeVO;
import com.cloud.storage.dao.DiskOfferingDao;
import com.cloud.storage.dao.VolumeDao;
import com.cloud.utils.exception.CloudRuntimeException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Date;
import org.apache.cloudstack.backup.Backup;
import org.apache.cloudstack.storage.datastore.db.StoragePoolVO;

/**
 * CloudStack's volume row for a disk kboss restored from a backup. kboss writes the file beside the
 * VM's root disk, that is in the root disk's primary storage pool, which is the pool CloudStack
 * asks to restore into; the row names that file (its path relative to the pool) so that CloudStack
 * attaches it, and defines it in the VM's domain when it next starts the VM.
 */
final class RestoredVolumes {
    private final VolumeDao volumes;
    private final DiskOfferingDao diskOfferings;
    private final Clock clock;

    RestoredVolumes(VolumeDao volumes, DiskOfferingDao diskOfferings, Clock clock) {
        this.volumes = volumes;
        this.diskOfferings = diskOfferings;
        this.clock = clock;
    }

    /**
     * @param restored the volume kboss made, as its listVolumes shows it (path: the file on the host)
     * @return the new row, Ready; CloudStack attaches it to the VM by its uuid
     */
    VolumeVO register(Backup backup, Backup.VolumeInfo source, StoragePoolVO pool,
            io.kboss.client.model.Volume restored) {
        DiskOffering offering = source.getDiskOfferingId() == null
                ? null
                : diskOfferings.findByUuid(source.getDiskOfferingId());
        if (offering == null) {
            throw new CloudRuntimeException("kboss restored volume " + source.getUuid() + " of backup "
                    + backup.getUuid() + " into " + restored.path() + ", but its disk offering "
                    + source.getDiskOfferingId() + " no longer exists, so CloudStack cannot register it; the file is "
                    + "left on the host for an operator to import or remove");
        }
        long size = source.getSize() != null ? source.getSize() : restored.size() == null ? 0L : restored.size();
        VolumeVO v = new VolumeVO(Volume.Type.DATADISK, "RestoredVol-" + source.getUuid(), backup.getZoneId(),
                backup.getDomainId(), backup.getAccountId(), offering.getId(), offering.getProvisioningType(), size,
                source.getMinIops(), source.getMaxIops(), null);
        v.setPoolId(pool.getId());
        v.setPoolType(pool.getPoolType());
        v.setPath(Path.of(restored.path()).getFileName().toString());
        v.setFormat("raw".equalsIgnoreCase(restored.format()) ? Storage.ImageFormat.RAW : Storage.ImageFormat.QCOW2);
        v.setState(Volume.State.Ready);
        v.setDisplayVolume(true);
        v.setUpdated(Date.from(clock.instant()));
        return volumes.persist(v);
    }
}
