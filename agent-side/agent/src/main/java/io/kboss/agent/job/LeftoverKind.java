package io.kboss.agent.job;

/** Kinds of things a job creates or changes that must be undone if it dies half-way. */
public enum LeftoverKind {
    /** A file being written (a partial backup, a merge in progress): delete it. */
    PARTIAL_FILE,
    /** A temporary qcow2 overlay on primary storage: remove it (and re-point the VM if needed). */
    TEMPORARY_OVERLAY,
    /** A guest whose file systems were frozen: thaw them. */
    FROZEN_GUEST,
    /** A VM paused by the job: resume it. */
    PAUSED_VM,
    /** A libvirt backup job (backup-begin) that may still run: abort it. */
    LIBVIRT_BACKUP_JOB,
    /** A checkpoint created by a backup that did not finish: delete it. */
    CHECKPOINT,
    /**
     * A backup job of the disk engine that may have died half-way: the value holds the VM name,
     * the checkpoint it was creating and its target files; the disk engine's JobRepair undoes it.
     */
    DISK_BACKUP,
    /** A helper process (qemu-nbd) by pid: kill it. */
    HELPER_PROCESS,
    /** A throwaway VM (a backup's validation) by its libvirt name: destroy it. */
    THROWAWAY_DOMAIN,
    /** A folder of scratch files (a validation VM's overlays) by path: delete it with its content. */
    SCRATCH_FOLDER,
    /**
     * A volume a quick restore renames to {@code <volume>.replaced-volume} to put its overlay in the
     * volume's place, by the volume's path: delete the overlay and rename the volume back (undone
     * only while no process holds the overlay: once the VM runs on it, it is the restore).
     */
    SET_ASIDE_VOLUME,
    /**
     * A VM a job defines (a VM created from a backup), by its uuid (the leftover's vmUuid) and name:
     * destroy and undefine it, if the domain of that uuid still has that name.
     */
    NEW_DOMAIN
}
