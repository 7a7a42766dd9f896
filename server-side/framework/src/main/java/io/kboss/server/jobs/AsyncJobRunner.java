package io.kboss.server.jobs;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.AsyncStart;
import io.kboss.server.api.dispatch.ApiDispatcher;
import io.kboss.server.api.dispatch.ApiJson;
import io.kboss.server.api.dispatch.AsyncJobLauncher;
import io.kboss.server.config.FrameworkProperties;
import io.kboss.server.mshost.Heartbeat;
import io.kboss.server.mshost.ManagementServer;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Runs async jobs on a bounded pool and keeps their leases.
 *
 * <p>Two kinds of job. A job whose command queued an operation ({@link AsyncStart#operation}) is a
 * view of that operation: it has no lease and no closure, and the transaction that ends the
 * operation writes its result, on whichever server ends it (see {@code io.kboss.server.operation}).
 * Any other job runs its work here, on this server's pool.
 *
 * <p>Failure policy for jobs that run their work here: a job belongs to the management server that
 * accepted it. That server renews the lease of its pending jobs with every heartbeat. If it dies,
 * nobody renews them; at start-up and at every heartbeat each server fails pending jobs whose lease
 * ran out, with a reason, since the work's outcome is unknown and the closure that ran it is gone. We
 * accept that such a job whose server died is failed rather than retried: commands must be safe to
 * run again, and the caller decides. An orderly shutdown waits a bounded time for running work, then
 * fails what is left.
 */
@Component
public class AsyncJobRunner implements AsyncJobLauncher, SmartLifecycle, Heartbeat {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncJobRunner.class);
    private static final int QUEUE_CAPACITY = 1000;

    private final AsyncJobRepository jobs;
    private final ManagementServer server;
    private final TransactionOperations tx;
    private final Clock clock;
    private final FrameworkProperties properties;
    private volatile ThreadPoolExecutor executor;
    private volatile long msid = -1;
    private volatile boolean running;

    public AsyncJobRunner(AsyncJobRepository jobs, ManagementServer server, TransactionOperations tx, Clock clock,
            FrameworkProperties properties) {
        this.jobs = jobs;
        this.server = server;
        this.tx = tx;
        this.clock = clock;
        this.properties = properties;
    }

    @Override
    public void start() {
        msid = server.id();
        failEarlierIncarnations();
        sweep();
        AtomicInteger n = new AtomicInteger();
        executor = new ThreadPoolExecutor(properties.jobThreads(), properties.jobThreads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE_CAPACITY), r -> {
                    Thread t = new Thread(r, "kboss-job-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        running = true;
        LOG.info("Job runner started as management server {} ({} threads)", msid, properties.jobThreads());
    }

    /** Renews the leases of this server's jobs and fails the jobs of servers that stopped renewing theirs. */
    @Override
    public void beat(long serverId, Instant now) {
        jobs.renewLeases(serverId, now.plus(properties.leaseDuration()));
        sweep();
    }

    /**
     * Fails at once the pending jobs of this server's earlier incarnations (same name, killed or crashed):
     * holding the name proves they are dead, so their jobs need not wait for their leases to run out. A
     * stop that was waiting for its VM then ends, and the VM leaves Stopping at its next discovery.
     */
    private void failEarlierIncarnations() {
        Instant now = clock.instant();
        for (long earlier : server.previousIncarnations()) {
            int failed = jobs.failOwned(earlier, now, failure(530, 4250, "The management server "
                    + properties.serverName() + " running this job stopped before the job finished, and has "
                    + "restarted; the outcome is unknown. Check the resource's state and run the command again"));
            if (failed > 0) {
                LOG.warn("Failed {} job(s) of this server's earlier run (management server id {})", failed, earlier);
            }
        }
    }

    private void sweep() {
        Instant now = clock.instant();
        int failed = jobs.failExpired(now, failure(530, 4250, "The management server running this job stopped "
                + "before the job finished (its lease expired before " + now + "); the outcome is unknown. "
                + "Check the resource's state and run the command again"));
        if (failed > 0) {
            LOG.warn("Failed {} job(s) whose management server stopped renewing their lease", failed);
        }
    }

    @Override
    public String launch(ApiCall call, AsyncStart start) {
        if (!running) {
            throw new IllegalStateException("The job runner is not running (server starting or stopping)");
        }
        if (start.operationUuid() != null) {
            return launchView(call, start);
        }
        Instant now = clock.instant();
        String uuid = UUID.randomUUID().toString();
        long id = jobs.insert(uuid, call.caller().accountId(), call.caller().userId(), call.spec().name(),
                paramsJson(call), start.resourceType(), start.resourceId(), msid, now,
                now.plus(properties.leaseDuration()));
        try {
            executor.execute(() -> run(id, uuid, call, start));
        } catch (RejectedExecutionException e) {
            jobs.finish(id, AsyncJob.FAILED, 530, failure(530, 4545, "Too many jobs are waiting on this management "
                    + "server (" + QUEUE_CAPACITY + "); run the command again later"), clock.instant());
        }
        return uuid;
    }

    /**
     * The job of a queued operation. The operation may already have ended (a fast one, claimed by any
     * server the moment it was queued): its row is locked while the job is inserted, so either its end
     * sees the job and writes its result, or the job is inserted with the result the end left.
     */
    private String launchView(ApiCall call, AsyncStart start) {
        String uuid = UUID.randomUUID().toString();
        tx.executeWithoutResult(s -> {
            Instant now = clock.instant();
            AsyncJobRepository.OperationOutcome op = jobs.lockOperation(start.operationUuid()).orElseThrow(
                    () -> new IllegalStateException("operation " + start.operationUuid() + " of a "
                            + call.spec().name() + " call does not exist"));
            long id = jobs.insertForOperation(uuid, call.caller().accountId(), call.caller().userId(),
                    call.spec().name(), paramsJson(call), start.resourceType(), start.resourceId(), op.id(), now);
            if (op.ended()) {
                boolean succeeded = "SUCCEEDED".equals(op.state());
                jobs.finish(id, succeeded ? AsyncJob.SUCCEEDED : AsyncJob.FAILED,
                        succeeded ? 0 : JobResults.errorCodeOf(op.resultJson()), op.resultJson(), now);
            }
        });
        return uuid;
    }

    private void run(long id, String uuid, ApiCall call, AsyncStart start) {
        String result;
        int status;
        int code;
        try {
            Object value = start.work().run(percent -> jobs.progress(id, Math.max(0, Math.min(100, percent)),
                    clock.instant()));
            result = JobResults.success(value);
            status = AsyncJob.SUCCEEDED;
            code = 0;
        } catch (ApiException e) {
            result = JobResults.failure(e);
            status = AsyncJob.FAILED;
            code = e.errorCode().httpStatus();
        } catch (InterruptedException e) {
            // Only an orderly shutdown interrupts job threads, after the grace period ran out.
            result = shutdownFailure();
            status = AsyncJob.FAILED;
            code = 530;
            Thread.currentThread().interrupt();
        } catch (Exception | Error e) {
            ApiException internal = ApiDispatcher.internalError("job " + uuid + " (" + call.spec().name() + ")", e);
            result = failure(530, internal.csErrorCode(), internal.getMessage());
            status = AsyncJob.FAILED;
            code = 530;
            if (e instanceof Error && !(e instanceof AssertionError)) {
                jobs.finish(id, status, code, result, clock.instant());
                throw (Error) e;
            }
        }
        if (!jobs.finish(id, status, code, result, clock.instant())) {
            LOG.warn("Job {} finished after it had been failed for an expired lease; its result was dropped", uuid);
        }
    }

    private String shutdownFailure() {
        return failure(530, 4250, "The management server " + properties.serverName() + " shut down before this job "
                + "finished; the outcome is unknown. Check the resource's state and run the command again");
    }

    static String failure(int errorCode, int csErrorCode, String text) {
        return JobResults.failure(errorCode, csErrorCode, text);
    }

    /** The parameters, without anything secret, kept for the record ({@code cmd} details). */
    private static String paramsJson(ApiCall call) {
        Map<String, Object> safe = new LinkedHashMap<>();
        call.params().asMap().forEach((k, v) -> {
            String lower = k.toLowerCase(Locale.ROOT);
            if (!lower.contains("password") && !lower.contains("secret")) {
                safe.put(k, v);
            }
        });
        return ApiJson.gson().toJson(safe);
    }

    @Override
    public void stop() {
        running = false;
        if (executor != null) {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(properties.jobShutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                    executor.shutdownNow();
                    executor.awaitTermination(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                executor.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        if (msid >= 0) {
            try {
                int failed = jobs.failOwned(msid, clock.instant(), shutdownFailure());
                if (failed > 0) {
                    LOG.warn("Failed {} unfinished job(s) at shutdown", failed);
                }
            } catch (RuntimeException e) {
                LOG.error("Could not fail this server's unfinished jobs at shutdown; other servers will fail them "
                        + "when their lease expires", e);
            }
        }
        LOG.info("Job runner stopped");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts after this server's identity ({@link ManagementServer}, phase 50), stops before it. */
    @Override
    public int getPhase() {
        return 100;
    }

    /** This server's id in {@code mshost}. */
    public long msid() {
        return msid;
    }
}
