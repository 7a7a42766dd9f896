package io.kboss.agent.job;

import io.kboss.agent.contract.BackupFilesResult;
import io.kboss.agent.contract.BackupResult;
import io.kboss.agent.contract.CompressionResult;
import io.kboss.agent.contract.DeleteResult;
import io.kboss.agent.contract.HashResult;
import io.kboss.agent.contract.RestoreResult;
import io.kboss.agent.contract.ValidationResult;
import io.kboss.agent.domain.CancelToken;

/**
 * What running job work sees of its job: progress reporting, cancellation and the journal of what
 * it creates. Work must call {@link #willCreate} <em>before</em> making a leftover, so a crash in
 * between leaves a journal entry pointing at something that may not exist (cleaners are
 * idempotent) rather than something that exists and is not journaled.
 */
public interface JobContext {
    String jobId();

    void phase(String phase);

    void progress(long bytesDone, long bytesTotal);

    /**
     * The job's cancel token: cancelled when the job is cancelled, times out or the agent stops.
     * Hand it down to the disk engine and the programs the work runs; nothing else stops them.
     */
    CancelToken cancelToken();

    /** @throws JobFailure with CANCELLED when the token is cancelled */
    void checkCancelled() throws JobFailure;

    void willCreate(Leftover leftover);

    /** The leftover was undone by the work itself, or became part of the result. */
    void released(Leftover leftover);

    void backupResult(BackupResult result);

    void restoreResult(RestoreResult result);

    void deleteResult(DeleteResult result);

    void compressionResult(CompressionResult result);

    void validationResult(ValidationResult result);

    void hashResult(HashResult result);

    void backupFilesResult(BackupFilesResult result);
}
