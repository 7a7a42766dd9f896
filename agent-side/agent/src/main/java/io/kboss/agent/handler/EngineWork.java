package io.kboss.agent.handler;

import io.kboss.agent.contract.AgentAnswer;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.JobAnswer;
import io.kboss.agent.contract.SpaceShortage;
import io.kboss.agent.contract.StoreRef;
import io.kboss.agent.disk.domain.DiskOperationException;
import io.kboss.agent.disk.domain.NotEnoughSpaceException;
import io.kboss.agent.disk.domain.ProgressListener;
import io.kboss.agent.job.JobContext;
import io.kboss.agent.job.JobFailure;
import io.kboss.agent.store.SecondaryStores;
import io.kboss.agent.store.StoreUnreachableException;
import java.nio.file.Path;

/**
 * What every handler that runs disk-engine work as a job shares: opening the store, reporting the
 * engine's progress and phases to the job, and turning the engine's failure into the job's, with
 * its consistency verdict and the wire's error code. The job's cancel token goes to the engine as
 * it is; nothing copies it.
 */
final class EngineWork {
    private EngineWork() {
    }

    @FunctionalInterface
    interface EngineCall<T> {
        T call();
    }

    /**
     * Runs a blocking engine call. A cancelled call (the job's token) cleans up like a failed one;
     * whatever it could not undo is undone by the leftovers the job journaled before it started.
     */
    static <T> T run(boolean defaultConsistent, EngineCall<T> call) throws JobFailure {
        try {
            return call.call();
        } catch (NotEnoughSpaceException e) {
            SpaceShortage shortage = new SpaceShortage();
            shortage.requiredBytes = e.requiredBytes();
            shortage.freeBytes = e.freeBytes();
            throw new JobFailure(ErrorCode.NOT_ENOUGH_SPACE, e.getMessage(), e.vmDisksConsistent(), e, shortage);
        } catch (DiskOperationException e) {
            throw new JobFailure(codeOf(e), e.getMessage(), e.vmDisksConsistent(), e);
        } catch (IllegalArgumentException e) {
            throw new JobFailure(ErrorCode.BAD_REQUEST, e.getMessage(), defaultConsistent, e);
        }
    }

    static ErrorCode codeOf(DiskOperationException e) {
        return switch (e.reason()) {
            case CANCELLED -> ErrorCode.CANCELLED;
            case CHAIN_MISMATCH -> ErrorCode.BAD_REQUEST;
            case MISSING_FILE -> ErrorCode.NOT_FOUND;
            case NOT_ENOUGH_SPACE -> ErrorCode.NOT_ENOUGH_SPACE;
            case FAILED -> ErrorCode.FAILED;
        };
    }

    /** The engine's progress and phases, shown as the job's. */
    static ProgressListener progressOf(JobContext job) {
        return new ProgressListener() {
            @Override
            public void progress(long done, long total) {
                job.progress(done, total);
            }

            @Override
            public void phase(String phase) {
                job.phase(phase);
            }
        };
    }

    static Path storeRoot(SecondaryStores stores, StoreRef store, JobContext job) throws JobFailure {
        job.phase("opening the store");
        try {
            return stores.root(store);
        } catch (StoreUnreachableException e) {
            throw new JobFailure(ErrorCode.STORE_UNREACHABLE, e.getMessage(), true, e);
        } catch (java.io.IOException e) {
            throw new JobFailure(ErrorCode.STORE_UNREACHABLE, "Store " + store.storeId + " cannot be used: "
                    + e.getMessage(), true, e);
        }
    }

    static JobAnswer vmNotFound(String vmUuid) {
        return AgentAnswer.failure(new JobAnswer(), ErrorCode.NOT_FOUND, "No VM " + vmUuid + " on this host");
    }
}
