package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.BackupRequest;
import io.kboss.agent.disk.domain.BackupTarget;
import io.kboss.agent.disk.domain.DiskOperationException;
import java.util.Map;

/** Checks that a request's disks exist in the VM and can carry dirty bitmaps. */
final class Disks {
    private Disks() {
    }

    static void requireQcow2(BackupRequest req, Map<String, VmDisk> vmDisks) {
        for (BackupTarget d : req.disks()) {
            VmDisk disk = vmDisks.get(d.disk());
            if (disk == null) {
                throw new DiskOperationException("VM " + req.vmName() + " has no file-backed disk " + d.disk()
                        + " (it has " + vmDisks.keySet() + ")", null, true);
            }
            if (!"qcow2".equals(disk.format())) {
                throw new DiskOperationException("disk " + d.disk() + " of VM " + req.vmName() + " is "
                        + disk.format() + "; checkpoint backups need qcow2 disks (convert the volume to qcow2)",
                        null, true);
            }
        }
    }
}
