package io.kboss.agent.contract;

/**
 * Quick restore of one backed-up volume into a new disk of a running VM: a qcow2 overlay is
 * created at {@code disk.destinationPath}, backed by the newest file of {@code disk.chainPaths} on
 * the store, and attached to the VM at once (live and persistent, next free virtio target); then a
 * block pull copies the backup's data into it while the VM runs. The job (type QUICK_RESTORE)
 * succeeds only when the disk no longer has a backing file. If the VM stops during the pull, the
 * rest is copied offline with qemu-img before the job ends.
 *
 * <p>A failure or cancel before the pull ended detaches the disk and deletes the file. A job the
 * agent's restart ended (AGENT_RESTARTED) leaves the disk attached, still reading through the
 * backup: send the command again with {@code resumeConsolidation} (and a new request id) to finish
 * it. The result names the file in {@code restoredPaths} and the disk in {@code attachedDevice}.
 */
public class QuickRestoreVolumeCommand extends JobCommand {
    public static final String NAME = "quick-restore-volume";
    public String backupUuid;
    public String vmUuid;
    public StoreRef store;
    /** The chain to restore and {@code destinationPath}, the new file (absolute, must not exist yet). */
    public RestoreDisk disk;
    /**
     * Instead of restoring: finish the consolidation of the disk at {@code disk.destinationPath},
     * which an earlier quick-restore-volume attached to the VM ({@code store} and the chain are then
     * not needed). Waits for a block pull the interrupted job left running, else pulls again.
     */
    public boolean resumeConsolidation;

    @Override
    public String commandName() {
        return NAME;
    }
}
