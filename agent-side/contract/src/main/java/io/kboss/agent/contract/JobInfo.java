package io.kboss.agent.contract;

/**
 * An agent job as the server sees it. Kept in the agent's journal after it ends, so a server that
 * restarted can ask again. Exactly one of the result fields is set when the job SUCCEEDED
 * (the one of its type); partial results may be set on failure.
 */
public class JobInfo {
    public String jobId;
    public String requestId;
    public JobType type;
    public JobState state;
    /** A short word for what the job is doing now (e.g. "copying", "consolidating"). */
    public String phase;
    public long bytesDone;
    public long bytesTotal;
    public String vmUuid;
    public String backupUuid;
    public long createdAtMillis;
    public long startedAtMillis;
    public long finishedAtMillis;
    public ErrorCode errorCode;
    public String errorText;
    /** Meaningful when FAILED/CANCELLED: false means the VM's disks may be inconsistent. */
    public boolean disksConsistent = true;
    /** Set when the job failed with NOT_ENOUGH_SPACE: the figures of the refusal. */
    public SpaceShortage spaceShortage;
    public BackupResult backupResult;
    public RestoreResult restoreResult;
    public DeleteResult deleteResult;
    /** For COMPRESS_BACKUP; on failure it lists the files already compressed (each is whole and verified). */
    public CompressionResult compressionResult;
    /** For VALIDATE_BACKUP. */
    public ValidationResult validationResult;
    /** For HASH_BACKUP. */
    public HashResult hashResult;
    /** For LIST_BACKUP_FILES and EXTRACT_BACKUP_FILES. */
    public BackupFilesResult backupFilesResult;
}
