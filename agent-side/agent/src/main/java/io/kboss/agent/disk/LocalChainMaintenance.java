package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.DeletionOutcome;
import io.kboss.agent.disk.domain.DeletionRequest;
import io.kboss.agent.disk.domain.DiskOperationException;
import io.kboss.agent.disk.domain.ProgressListener;
import io.kboss.agent.domain.CancelToken;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/** {@link ChainMaintenance} with qemu-img ({@link MergingDeletion}) and libvirt checkpoint deletion. */
final class LocalChainMaintenance implements ChainMaintenance {
    private static final int LIST_TOPOLOGICAL = 1 << 1;
    private final DiskEngine engine;

    LocalChainMaintenance(DiskEngine engine) {
        this.engine = engine;
    }

    @Override
    public DeletionOutcome delete(DeletionRequest request, ProgressListener progress, CancelToken cancel) {
        return new MergingDeletion(engine.qemuImg(cancel), engine.runner(), engine.programTimeout(), cancel)
                .delete(request, progress);
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
