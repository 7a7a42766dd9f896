package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.BackupOutcome;
import io.kboss.agent.disk.domain.BackupRequest;
import io.kboss.agent.disk.domain.DiskOperationException;
import io.kboss.agent.disk.domain.ProgressListener;
import io.kboss.agent.domain.CancelToken;
import io.kboss.agent.process.ExternalProgramException;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/** {@link VmBackups} on the local libvirtd: running VMs by push backup, stopped ones offline. */
final class LibvirtVmBackups implements VmBackups {
    private final DiskEngine engine;

    LibvirtVmBackups(DiskEngine engine) {
        this.engine = engine;
    }

    @Override
    public BackupOutcome backup(BackupRequest request, ProgressListener progress, CancelToken cancel) {
        try (Hypervisor hv = engine.hypervisor()) {
            Domain domain = hv.domain(request.vmName());
            if (domain.isActive() == 1) {
                return new RunningVmBackup(engine.clock(), engine.agentTimeout())
                        .backup(hv, domain, request, progress, cancel);
            }
            QemuImg qemuImg = engine.qemuImg(cancel);
            return new StoppedVmBackup(qemuImg, new DirtyBitmapReader(engine.runner(), qemuImg),
                    engine.clock()).backup(domain, request, progress, cancel);
        } catch (LibvirtException e) {
            throw new DiskOperationException("backup of VM " + request.vmName() + " failed: " + e.getMessage(), e,
                    true);
        } catch (LibvirtCallException | ExternalProgramException e) {
            throw new DiskOperationException("backup of VM " + request.vmName() + " failed: " + e.getMessage(), e,
                    true, cancel.isCancelled());
        }
    }
}
