package io.kboss.client;

import io.kboss.client.model.Backup;
import io.kboss.client.model.Success;
import io.kboss.client.request.BackupOptions;
import io.kboss.client.request.RestoreOptions;
import java.util.List;
import java.util.Optional;

/**
 * Backups, restores and chains: listBackups, createBackup, deleteBackup, restoreBackup,
 * restoreVolumeFromBackupAndAttachToVM, finishBackupChain. Taking, deleting and restoring are
 * async: they answer a {@link PendingJob} to wait on.
 */
public final class Backups {
    private static final String OBJECT = "backup";

    private final KbossClient client;

    Backups(KbossClient client) {
        this.client = client;
    }

    /** Every backup the caller may see, oldest first. */
    public List<Backup> list() {
        return client.all("listBackups", ApiParams.of("listall", true), OBJECT, Backup.class, Paging.PAGE_SIZE);
    }

    /** The VM's backups, oldest first. */
    public List<Backup> ofVm(String vmId) {
        return client.all("listBackups", ApiParams.of("virtualmachineid", vmId, "listall", true), OBJECT, Backup.class,
                Paging.PAGE_SIZE);
    }

    /** The backup, unless it is removed or not the caller's to see. */
    public Optional<Backup> get(String id) {
        return client.page("listBackups", ApiParams.of("id", id), OBJECT, Backup.class).items().stream().findFirst();
    }

    /**
     * Queues a backup of the VM; the job answers the backup once it is BackedUp, and fails with
     * the reason when it ends Failed or Error. {@link PendingJob#resourceId()} is the new backup's id.
     */
    public PendingJob<Backup> create(String vmId, BackupOptions options) {
        return client.start("createBackup", ApiParams.of("virtualmachineid", vmId, "quiescevm", options.quiesceVm(),
                "isolated", options.isolated()), r -> KbossClient.read("createBackup", r.get(OBJECT), Backup.class));
    }

    /**
     * Deletes the backup: a backup later ones depend on is merged into the next; with {@code forced}
     * those are deleted too. The job's display text says what became of each backup touched.
     */
    public PendingJob<Success> delete(String id, boolean forced) {
        return client.start("deleteBackup", ApiParams.of("id", id, "forced", forced), r -> success("deleteBackup", r));
    }

    /** Restores the backup's VM (which must be stopped) to the backup; ends the VM's chains. */
    public PendingJob<Success> restore(String id, RestoreOptions options) {
        return client.start("restoreBackup", ApiParams.of("id", id, "quickrestore", options.quickRestore(), "hostid",
                options.hostId()), r -> success("restoreBackup", r));
    }

    /**
     * Restores one volume of the backup into a new volume beside the VM's disks and attaches it
     * to the VM; the job's display text names the new volume.
     *
     * @param volumeId the backed-up volume, as listVolumes names it
     */
    public PendingJob<Success> restoreVolume(String backupId, String volumeId, String vmId) {
        return restoreVolume(backupId, volumeId, vmId, RestoreOptions.defaults());
    }

    /**
     * As {@link #restoreVolume(String, String, String)}, with CloudStack's options: {@code quickRestore}
     * attaches the new volume to a running VM at once, backed by the backup, and fills it while the VM
     * runs (the job ends when the disk no longer needs the store; a stopped VM gets the volume restored in
     * full, and the display text says so); {@code hostId} may only name the VM's host. The server refuses
     * quickRestore with 431 when the backup's offering does not allow quick restore.
     */
    public PendingJob<Success> restoreVolume(String backupId, String volumeId, String vmId, RestoreOptions options) {
        return client.start("restoreVolumeFromBackupAndAttachToVM", ApiParams.of("backupid", backupId, "volumeid",
                volumeId, "virtualmachineid", vmId, "quickrestore", options.quickRestore(), "hostid",
                options.hostId()), r -> success("restoreVolumeFromBackupAndAttachToVM", r));
    }

    /** Ends the VM's chains now, so its next backup is full; normalizes a VM in BackupError. */
    public Success finishChain(String vmId) {
        return success("finishBackupChain", client.call("finishBackupChain", ApiParams.of("virtualmachineid", vmId)));
    }

    private static Success success(String command, com.google.gson.JsonObject answer) {
        return KbossClient.read(command, answer, Success.class);
    }
}
