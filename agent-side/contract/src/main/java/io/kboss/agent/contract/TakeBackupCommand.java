package io.kboss.agent.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * Backs up the listed disks of one VM in one job (crash consistent across the disks). A running
 * VM is backed up with a libvirt checkpoint and push backup; a stopped VM from its persistent
 * bitmaps. The job's result is a {@link BackupResult}.
 */
public class TakeBackupCommand extends JobCommand {
    public static final String NAME = "take-backup";
    public String backupUuid;
    public String vmUuid;
    public BackupMode mode = BackupMode.FULL;
    /** For INCREMENTAL: the checkpoint the parent backup created. */
    public String fromCheckpoint;
    /**
     * For INCREMENTAL: the parent backup's {@link BackupResult#checkpointXml}, kept by the server, so
     * the agent can redefine the checkpoint when libvirt lost its metadata (VM redefined). Optional.
     */
    public String fromCheckpointXml;
    /** The checkpoint this backup creates, the next incremental's {@code fromCheckpoint}. */
    public String newCheckpoint;
    /** Freeze the guest's file systems through its guest agent around the start of the backup. */
    public boolean quiesce;
    /** When quiesce was asked but the guest agent does not answer: go on crash consistent. */
    public boolean allowCrashConsistent;
    public StoreRef store;
    public List<BackupDiskTarget> disks = new ArrayList<>();

    @Override
    public String commandName() {
        return NAME;
    }
}
