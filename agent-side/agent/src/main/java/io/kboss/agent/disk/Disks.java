package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.BackupRequest;
import io.kboss.agent.disk.domain.BackupTarget;
import io.kboss.agent.disk.domain.DiskOperationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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

    /** Each requested disk's virtual size, read from its qcow2 header (it changes only with a resize). */
    static Map<String, Long> virtualSizes(BackupRequest req, Map<String, VmDisk> vmDisks) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (BackupTarget d : req.disks()) {
            sizes.put(d.disk(), Qcow2.header(vmDisks.get(d.disk()).source()).virtualSize());
        }
        return sizes;
    }

    /**
     * About what a full backup of the requested disks copies: the bytes the files of each disk's
     * backing chain hold. Clusters a child overwrote count twice, so this errs towards a larger
     * full, never a smaller one.
     */
    static long chainBytes(BackupRequest req, Map<String, VmDisk> vmDisks) {
        long bytes = 0;
        for (BackupTarget d : req.disks()) {
            for (Path file : Qcow2.chain(vmDisks.get(d.disk()).source())) {
                try {
                    bytes += Files.size(file);
                } catch (IOException e) {
                    throw new DiskOperationException("cannot read the size of " + file + ", a file of disk "
                            + d.disk() + " of VM " + req.vmName() + ": " + e, e, true);
                }
            }
        }
        return bytes;
    }
}
