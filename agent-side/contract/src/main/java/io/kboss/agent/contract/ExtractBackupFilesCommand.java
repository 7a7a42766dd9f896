package io.kboss.agent.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * Copies one file, or one directory as a tar archive, out of a backup into a new file on the store, read-only
 * with libguestfs, without restoring the disk and without touching the VM. The copy stops and is deleted
 * when it grows beyond {@code maxBytes} or the job outlives {@code timeoutSeconds}. The job's result is a
 * {@link BackupFilesResult}.
 */
public class ExtractBackupFilesCommand extends JobCommand {
    public static final String NAME = "extract-backup-files";
    public String backupUuid;
    public StoreRef store;
    /** As in {@link ListBackupFilesCommand#diskPaths}. */
    public List<String> diskPaths = new ArrayList<>();
    /** The filesystem ({@code /dev/sda1}). */
    public String filesystem;
    /** The absolute path of the file or directory inside {@code filesystem}. */
    public String path;
    /**
     * Where to write, relative to the store root, without extension: the agent adds {@code .tar} for a
     * directory and nothing for a file. Its folder is created when missing.
     */
    public String outputPath;
    /** The largest copy allowed, in bytes (at least 1). */
    public long maxBytes;
    public int timeoutSeconds;

    @Override
    public String commandName() {
        return NAME;
    }
}
