package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.BackupFiles;
import io.kboss.agent.disk.domain.DiskOperationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/** {@link ChainMaintenance} with qemu-img rebase and libvirt checkpoint deletion. */
final class FinishedChains implements ChainMaintenance {
    private static final int LIST_TOPOLOGICAL = 1 << 1;
    private final DiskEngine engine;

    FinishedChains(DiskEngine engine) {
        this.engine = engine;
    }

    @Override
    public DeleteOutcome deleteBackup(Path backup, Path child) {
        QemuImg qemuImg = engine.qemuImg();
        long size;
        try {
            size = Files.exists(backup) ? Files.size(backup) : 0;
        } catch (IOException e) {
            throw new DiskOperationException("cannot read " + backup + ": " + e, e, true);
        }
        boolean merged = false;
        if (child != null && Files.exists(backup)) {
            QemuImg.ImageInfo childInfo = qemuImg.info(child, false);
            Path childParent = childInfo.fullBackingFile() == null
                    ? null
                    : child.getParent().resolve(childInfo.backingFile()).normalize();
            if (childParent == null || !childParent.equals(backup.toAbsolutePath().normalize())) {
                throw new DiskOperationException("backup " + child + " is not a child of " + backup + " (its backing"
                        + " file is " + childInfo.backingFile() + "); nothing was deleted", null, true);
            }
            QemuImg.ImageInfo info = qemuImg.info(backup, false);
            String grandparent = "";
            if (info.hasBacking()) {
                Path gp = backup.getParent().resolve(info.backingFile()).normalize();
                grandparent = BackupFiles.relativeBacking(child, gp);
            }
            long before = sizeOf(child);
            qemuImg.rebaseSafe(child, grandparent);
            size -= sizeOf(child) - before;
            merged = true;
        }
        try {
            Files.deleteIfExists(backup);
        } catch (IOException e) {
            throw new DiskOperationException("cannot delete " + backup + ": " + e + (merged
                    ? " (its child "
                            + child + " no longer needs it)"
                    : ""), e, true);
        }
        return new DeleteOutcome(merged, Math.max(0, size));
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void finishChain(String vmName) {
        try (Hypervisor hv = engine.hypervisor()) {
            Domain domain = hv.domain(vmName);
            dropAll(domain, vmName);
        }
    }

    /**
     * Deletes every checkpoint of the VM, newest first. A running VM's bitmaps go with them
     * (libvirt removes them through QEMU); for a stopped VM libvirt only drops metadata, so every
     * bitmap left in its qcow2 disks is removed with qemu-img.
     */
    void dropAll(Domain domain, String vmName) {
        try {
            boolean running = domain.isActive() == 1;
            Checkpoints checkpoints = new Checkpoints(domain, vmName);
            List<String> names = new ArrayList<>(List.of(domain.checkpointListNames(LIST_TOPOLOGICAL)));
            Collections.reverse(names);
            for (String name : names) {
                checkpoints.delete(name, !running);
            }
            if (!running) {
                for (VmDisk disk : DomainXml.parse(domain.getXMLDesc(0)).disks().values()) {
                    if (!"qcow2".equals(disk.format()) || !Files.exists(disk.source())) {
                        continue;
                    }
                    for (String bitmap : engine.qemuImg().info(disk.source(), false).bitmaps()) {
                        engine.qemuImg().removeBitmap(disk.source(), bitmap);
                    }
                }
            }
        } catch (LibvirtException e) {
            throw new DiskOperationException("finishing the backup chain of VM " + vmName + " failed: "
                    + e.getMessage(), e, false);
        }
    }
}
