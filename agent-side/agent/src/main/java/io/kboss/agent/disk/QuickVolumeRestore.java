package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.DiskOperationException;
import io.kboss.agent.disk.domain.QuickRestoreListener;
import io.kboss.agent.disk.domain.QuickRestoreOutcome;
import io.kboss.agent.disk.domain.QuickRestoreOutcome.Status;
import io.kboss.agent.domain.CancelToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.libvirt.Domain;
import org.libvirt.DomainBlockJobInfo;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quick restore of one backed-up volume into a new disk of a running VM
 * (restoreVolumeFromBackupAndAttachToVM with quickrestore): a qcow2 overlay at the new volume's
 * path, backed by the backup on the store, is attached to the VM at once (live and persistent, see
 * {@link DiskAttach#attachOverlay}); then {@link OverlayQuickRestore}'s block pull copies the
 * backup's data into it while the VM runs. The overlay keeps its path, the one the server
 * registers as the new volume, which is why this pulls rather than mirrors onto another file.
 *
 * <p>Failure policy: the restore is done only when the disk no longer reads through the store. Until
 * then a failure or a cancel detaches the disk again and deletes the file: an operator who cancels
 * a volume restore gets the VM as it was, not a disk that breaks when the store goes. (Unlike a whole
 * VM's quick restore, nothing of the VM's own is replaced, so there is nothing to keep.) A running
 * VM releases a hot-plugged disk only when its guest does; if it does not within
 * {@link #UNPLUG_WAIT}, the file is kept and the failure says so. If the VM stops during the pull,
 * the rest is copied offline with qemu-img ({@code rebase} onto nothing) before the job ends. An agent
 * restart in the middle leaves the disk attached (the job has released the file): {@link #resume}
 * finishes it, waiting for a pull the old job left running in QEMU.
 */
public final class QuickVolumeRestore {
    private static final Logger log = LoggerFactory.getLogger(QuickVolumeRestore.class);
    private static final int XML_INACTIVE = 2;
    /** How long a running VM's guest gets to release the disk when a failed restore takes it out again. */
    static final Duration UNPLUG_WAIT = Duration.ofSeconds(30);
    private final DiskEngine engine;

    QuickVolumeRestore(DiskEngine engine) {
        this.engine = engine;
    }

    /**
     * A consolidated volume restore.
     *
     * @param device  the VM's disk that reads the new volume (vdb, ...)
     * @param offline true when the VM stopped during the pull and the rest was copied with qemu-img
     */
    public record Outcome(String device, boolean offline) {
    }

    /**
     * Creates the overlay at {@code volume} (which must not exist) over {@code newestBackup}, attaches
     * it to the running VM, and returns once the disk is standalone. {@link QuickRestoreListener#vmStarted()}
     * fires once the VM has the disk: from then on the file is the VM's, not a partial file.
     */
    public Outcome restore(String vmName, Path newestBackup, Path volume, QuickRestoreListener listener,
            CancelToken cancel) {
        Path backup = newestBackup.toAbsolutePath().normalize();
        Path file = volume.toAbsolutePath().normalize();
        if (!Files.isRegularFile(backup)) {
            throw new DiskOperationException("backup file " + backup + " does not exist; is the store mounted?", null,
                    true, DiskOperationException.Reason.MISSING_FILE);
        }
        if (Files.exists(file)) {
            throw new DiskOperationException(file + " exists already; a volume restore writes only a new file",
                    null, true);
        }
        try (Hypervisor hv = engine.hypervisor()) {
            if (hv.domain(vmName).isActive() != 1) {
                throw new DiskOperationException("VM " + vmName + " is not running: a quick volume restore needs the"
                        + " VM to pull the data in; restore the volume in full (restore-backup with destinationPath)"
                        + " and attach it", null, true);
            }
        } catch (LibvirtException | LibvirtCallException e) {
            throw new DiskOperationException("VM " + vmName + " cannot be read: " + e.getMessage(), e, true);
        }
        if (cancel.isCancelled()) {
            throw new DiskOperationException("quick volume restore cancelled before anything was written", null,
                    true, true);
        }
        // Written in Java: the header is all an overlay is (as for the whole VM's quick restore).
        Qcow2.createEmpty(file, Qcow2.header(backup).virtualSize(), backup.toString());
        DiskAttach.Attached attached;
        try {
            attached = engine.attachments().attachOverlay(vmName, file);
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw new DiskOperationException("quick volume restore into VM " + vmName + " failed before the disk was"
                    + " attached: " + e.getMessage() + "; the overlay was deleted", e, true);
        }
        log.info("quick volume restore: {} over {} attached to VM {} as {}", file, backup, vmName, attached.target());
        listener.vmStarted();
        return consolidate(vmName, attached.target(), file, listener, cancel);
    }

    /**
     * Finishes the restore of the disk that reads {@code volume} after the job doing it ended early
     * (the agent restarted): waits for the block pull that job may have left running in QEMU, then
     * pulls what is still missing (offline when the VM is stopped). A volume that is standalone
     * already is just reported.
     */
    public Outcome resume(String vmName, Path volume, QuickRestoreListener listener, CancelToken cancel) {
        Path file = volume.toAbsolutePath().normalize();
        String device;
        try (Hypervisor hv = engine.hypervisor()) {
            Domain d = hv.domain(vmName);
            boolean running = d.isActive() == 1;
            device = deviceOf(DomainXml.parse(d.getXMLDesc(running ? 0 : XML_INACTIVE)), file);
            if (device == null) {
                throw new DiskOperationException("VM " + vmName + " has no disk that reads " + file + ": there is no"
                        + " volume restore to resume; restore the volume again", null, true,
                        DiskOperationException.Reason.MISSING_FILE);
            }
            listener.vmStarted();
            if (running) {
                waitForLeftPull(d, device, listener, cancel);
            }
        } catch (LibvirtException | LibvirtCallException e) {
            throw new DiskOperationException("VM " + vmName + " cannot be read to resume the restore of " + file + ": "
                    + e.getMessage(), e, true);
        }
        log.info("quick volume restore of {} into VM {} as {}: resuming", file, vmName, device);
        return consolidate(vmName, device, file, listener, cancel);
    }

    /**
     * A pull the interrupted job started goes on in QEMU without it: starting a second one would be
     * refused, so this waits for it (a cancel aborts it; consolidate then undoes the restore).
     */
    private static void waitForLeftPull(Domain d, String device, QuickRestoreListener listener, CancelToken cancel)
            throws LibvirtException {
        while (d.isActive() == 1) {
            DomainBlockJobInfo info = d.getBlockJobInfo(device, 0);
            if (info.end <= 0 || (info.type == 0 && info.cur == 0)) {
                return;
            }
            listener.progress(info.cur, info.end);
            if (cancel.isCancelled()) {
                d.blockJobAbort(device, 0);
                return;
            }
            cancel.pause(Duration.ofMillis(200));
        }
    }

    /**
     * Pulls the backup's data into the disk (or copies it offline if the VM is or gets stopped) and
     * undoes the restore when that does not end in a standalone file.
     */
    private Outcome consolidate(String vmName, String device, Path file, QuickRestoreListener listener,
            CancelToken cancel) {
        Status status;
        try (Hypervisor hv = engine.hypervisor()) {
            Domain d = hv.domain(vmName);
            if (!backed(file)) {
                // A pull that ended while no job watched it (the agent restarted) left its tables in QEMU.
                PulledImages.persist(d, vmName, List.of(file));
                status = Status.CONSOLIDATED;
            } else if (cancel.isCancelled()) {
                status = Status.CANCELLED;
            } else if (d.isActive() == 1) {
                status = new OverlayQuickRestore(engine).consolidateInPlace(hv, d, vmName,
                        List.of(new QuickRestoreOutcome.Disk(device, file, null)), listener, cancel);
            } else {
                status = Status.VM_STOPPED;
            }
        } catch (LibvirtException | RuntimeException e) {
            throw undo(vmName, file, "pulling the backup's data into " + file + " failed: " + e.getMessage(), e,
                    cancel.isCancelled());
        }
        if (status == Status.CANCELLED) {
            throw undo(vmName, file, "quick volume restore cancelled before the disk was consolidated", null, true);
        }
        boolean offline = status == Status.VM_STOPPED;
        if (offline) {
            // The VM is stopped, so nothing else writes the file; qemu-img's write lock keeps it so.
            log.info("VM {} is stopped: copying the rest of {} from its backup with qemu-img", vmName, file);
            try {
                engine.qemuImg(cancel).rebaseSafe(file, "", percent -> listener.progress((long) percent, 100));
            } catch (RuntimeException e) {
                throw undo(vmName, file, "the VM stopped during the pull and copying the rest offline failed: "
                        + e.getMessage(), e, cancel.isCancelled());
            }
        }
        log.info("quick volume restore of {} into VM {} as {}: consolidated{}", file, vmName, device,
                offline ? " offline" : "");
        return new Outcome(device, offline);
    }

    private static boolean backed(Path file) {
        return Qcow2.header(file).backingFile() != null;
    }

    /** Takes the half-restored disk out of the VM and deletes it; the exception to throw says how that went. */
    private DiskOperationException undo(String vmName, Path file, String why, Throwable cause, boolean cancelled) {
        String left = engine.attachments().detach(vmName, file, UNPLUG_WAIT);
        if (left != null) {
            log.warn("quick volume restore into VM {}: {}; {} could not be taken out: {}", vmName, why, file, left);
            return new DiskOperationException(why + "; the disk could not be taken out of VM " + vmName + " (" + left
                    + "), so " + file + " was kept: detach it and delete it", cause, false, cancelled);
        }
        deleteQuietly(file);
        return new DiskOperationException(why + "; the disk was detached from VM " + vmName + " and " + file
                + " deleted", cause, !Files.exists(file), cancelled);
    }

    private static String deviceOf(DomainXml xml, Path file) {
        return xml.disks().values().stream().filter(d -> file.equals(d.source())).map(VmDisk::target).findFirst()
                .orElse(null);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("could not delete {}: {}", file, e.toString());
        }
    }
}
