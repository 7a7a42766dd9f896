package io.kboss.agent.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * Lists what a backup holds without restoring it: its filesystems (when {@code filesystem} is null) or the
 * entries of one directory of one filesystem. The agent opens the backup's files read-only with libguestfs
 * on the store; the VM and its live disks are never touched. The job's result is a
 * {@link BackupFilesResult}.
 */
public class ListBackupFilesCommand extends JobCommand {
    public static final String NAME = "list-backup-files";
    public String backupUuid;
    public StoreRef store;
    /**
     * The newest file of each disk's chain in the backup, relative to the store root, in device order:
     * the first is the guest's {@code /dev/sda}, the second {@code /dev/sdb}, and so on.
     */
    public List<String> diskPaths = new ArrayList<>();
    /** A filesystem as the listing of filesystems names it ({@code /dev/sda1}); null lists the filesystems. */
    public String filesystem;
    /** The absolute directory to list inside {@code filesystem}; {@code /} when null. */
    public String path;
    /** The job's bound: the tools are killed and the job fails after it. */
    public int timeoutSeconds;
    /** At most this many entries are answered; the result says when there were more. */
    public int maxEntries = 10000;

    @Override
    public String commandName() {
        return NAME;
    }
}
