package io.kboss.server.operation.engine;

import io.kboss.server.config.FrameworkProperties;
import io.kboss.server.operation.Ending;
import io.kboss.server.operation.Housekeeping;
import io.kboss.server.operation.LimitGroup;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationHandler;
import io.kboss.server.operation.OperationKind;
import io.kboss.server.mshost.Heartbeat;
import io.kboss.server.mshost.ManagementServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionOperations;

/**
 * This server's share of the queue: one dispatcher, one sweeper, a pool of workers.
 *
 * <ul>
 * <li><b>Dispatch.</b> A pass claims, group by group, as many admissible operations as this server
 * has free workers ({@link OperationClaims}) and hands each to a worker, which runs it through its
 * kind's handler and commits its end ({@link OperationRunner}). A pass runs when work is queued or
 * ends on this server (a {@link DispatchSignal}, not a timer per request), and every
 * {@link #SAFETY_NET} in any case, for work queued or ended on other servers.</li>
 * <li><b>Heartbeat.</b> With every beat of this server ({@link Heartbeat}) the rows it runs get a
 * fresh heartbeat.</li>
 * <li><b>Sweep.</b> Each pass also adopts running rows nobody follows: their server's heartbeat is
 * older than the lease (it died), or was handed back at an orderly stop, or belongs to an earlier
 * incarnation of this server. Adoption is a conditional UPDATE of the owner and version; the
 * handler's {@code adopt} then follows the agent job by its request id. Queued rows never need
 * adoption: any server claims them.</li>
 * <li><b>Expiry.</b> Each pass ends queued operations that waited longer than their kind's timeout,
 * with the last reason they waited for.</li>
 * <li><b>Plugins' housekeeping</b> ({@link Housekeeping}) runs with expiry and adoption.</li>
 * <li><b>Start-up</b> (before the server serves requests): the rows of this server's earlier
 * incarnations are adopted at once, and overdue queued operations are ended.</li>
 * <li><b>Stop</b>: workers are interrupted (their agent jobs go on), and this server's running rows
 * are handed back, so another server adopts them at its next pass rather than after the lease.</li>
 * </ul>
 */
public class OperationEngine implements SmartLifecycle, Heartbeat {
    private static final Logger LOG = LoggerFactory.getLogger(OperationEngine.class);
    /** The pass that runs even when nothing woke the dispatcher. */
    static final Duration SAFETY_NET = Duration.ofSeconds(2);
    /** Expiry and adoption look at most this often (a pass may run many times a second under load). */
    private static final Duration HOUSEKEEPING = Duration.ofSeconds(1);
    private static final int EXPIRED_PER_PASS = 100;

    private final OperationKinds kinds;
    private final OperationRows rows;
    private final OperationClaims claims;
    private final OperationRunner runner;
    private final ManagementServer server;
    private final DispatchSignal signal;
    private final DatabaseNames names;
    private final TransactionOperations tx;
    private final Clock clock;
    private final FrameworkProperties properties;
    /** Resolved when first needed: plugins' beans may be made after the engine. */
    private final Supplier<List<Housekeeping>> housekeeping;
    private volatile List<Housekeeping> tasks;
    private final AtomicInteger busy = new AtomicInteger();
    private volatile ExecutorService workers;
    private volatile Thread dispatcher;
    private volatile boolean running;
    private volatile Instant lastHousekeeping = Instant.MIN;

    /** The queue's own parts the engine drives. */
    public record Parts(OperationKinds kinds, OperationRows rows, OperationClaims claims, OperationRunner runner,
            DispatchSignal signal) {
    }

    public OperationEngine(Parts parts, ManagementServer server, JdbcTemplate jdbc, TransactionOperations tx,
            Clock clock, FrameworkProperties properties, Supplier<List<Housekeeping>> housekeeping) {
        this.kinds = parts.kinds();
        this.rows = parts.rows();
        this.claims = parts.claims();
        this.runner = parts.runner();
        this.signal = parts.signal();
        this.server = server;
        this.housekeeping = housekeeping;
        this.names = new DatabaseNames(jdbc);
        this.tx = tx;
        this.clock = clock;
        this.properties = properties;
    }

    @Override
    public void start() {
        for (LimitGroup g : kinds.groups()) {
            rows.ensureGroup(g.name());
        }
        if (properties.backgroundLoops()) {
            AtomicInteger n = new AtomicInteger();
            workers = Executors.newFixedThreadPool(properties.operationWorkers(), r -> {
                Thread t = new Thread(r, "kboss-operation-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            running = true;
            recoverAtStart();
            Thread t = new Thread(this::loop, "kboss-dispatcher");
            t.setDaemon(true);
            dispatcher = t;
            t.start();
        } else {
            running = true;
        }
        LOG.info("Operation queue started: kinds {}, {} workers, earlier incarnations of this server: {}",
                kinds.names(), properties.operationWorkers(), server.previousIncarnations());
    }

    private void loop() {
        while (running) {
            try {
                signal.await(SAFETY_NET.toMillis());
                if (running) {
                    pass();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("A dispatcher pass failed; the next one runs within {}", SAFETY_NET, e);
            }
        }
    }

    /**
     * What start-up does before the server serves requests: adopts the running rows of this server's
     * earlier incarnations (and any other orphans) and ends overdue queued operations.
     *
     * @return how many operations it adopted
     */
    public int recoverAtStart() {
        int adopted = adoptOrphans();
        expireOverdue();
        if (adopted > 0) {
            LOG.warn("Adopted {} running operation(s) left by stopped management servers (earlier incarnations "
                    + "of this one: {}); following their agent jobs", adopted, server.previousIncarnations());
        }
        return adopted;
    }

    /**
     * One dispatcher pass: claims up to the free workers, with housekeeping (at most once a second)
     * around them. A pass is most often woken by work just queued or ended, and a client waits on that
     * work, so only expiry comes before the claims (an operation that waited past its timeout must end,
     * not start); adoption and the plugins' housekeeping take their statements after the claimed work
     * went to the workers, and what they queued is claimed right after them when the pass claimed
     * nothing else (otherwise at the next pass, which their queuing wakes). Adoption gets the workers
     * the claims left free; with none free, it
     * adopts at the next housekeeping pass after one frees up (the orphan's agent job runs on meanwhile,
     * and its row keeps its limit slot: it is only followed later). Without background loops,
     * everything it starts runs to its end in the calling thread.
     *
     * @return how many operations it claimed or adopted
     */
    public int pass() {
        Instant now = clock.instant();
        boolean housekeeping = !now.isBefore(lastHousekeeping.plus(HOUSEKEEPING));
        if (housekeeping) {
            lastHousekeeping = now;
            expireOverdue();
        }
        int started = claimQueued(now);
        if (housekeeping) {
            started += adoptOrphans();
            pluginHousekeeping(now);
            if (started == 0) {
                // What the housekeeping queued (a validation that came due, the sweep's deletes) starts in this
                // pass, as when housekeeping came first; one statement when it queued nothing. A pass that
                // claimed already leaves it to the next pass, which its own queuing's wake-up (or, with the
                // loops off, the caller's next pass) runs at once: one pass still claims once per group.
                started += claimQueued(clock.instant());
            }
        }
        return started;
    }

    private int claimQueued(Instant now) {
        if (free() < 1) {
            return 0;
        }
        int started = 0;
        // A claim takes its group's lock, and those of groups whose kinds conflict with its kinds (the backup
        // group's, for compression and validation): a claim in a group with nothing queued would only make
        // the busy groups' claims wait on those locks, so one statement finds the groups worth a claim.
        Set<String> queued = rows.groupsWithQueued(kinds.groups().stream().map(LimitGroup::name).toList(), now);
        for (LimitGroup group : kinds.groups()) {
            int free = free();
            if (free < 1) {
                break;
            }
            if (!queued.contains(group.name())) {
                continue;
            }
            List<Claimed> claimed = claims.claim(group, kinds.kindsOf(group), free, server.id());
            for (Claimed c : claimed) {
                submit(c);
            }
            started += claimed.size();
        }
        return started;
    }

    private void pluginHousekeeping(Instant now) {
        if (tasks == null) {
            tasks = List.copyOf(housekeeping.get());
        }
        for (Housekeeping h : tasks) {
            try {
                h.housekeep(now);
            } catch (RuntimeException e) {
                LOG.error("Housekeeping {} failed; it runs again at the next housekeeping", h.getClass().getName(), e);
            }
        }
    }

    /** Adopts orphaned running rows, as many as there are free workers. */
    int adoptOrphans() {
        Instant now = clock.instant();
        List<OperationRows.Row> orphans = rows.orphans(now.minus(properties.leaseDuration()),
                server.previousIncarnations(), kinds.names(), free());
        int adopted = 0;
        for (OperationRows.Row r : orphans) {
            if (rows.adopt(r.operation().id(), r.version(), server.id(), now)) {
                LOG.warn("Adopting {} {}: its management server stopped following it; following its agent job by "
                        + "request id", r.operation().kind(), r.operation().uuid());
                submit(new Claimed(r.operation(), r.version() + 1, true));
                adopted++;
            }
        }
        return adopted;
    }

    /** Ends queued operations that waited past their kind's timeout, saying what they waited for. */
    void expireOverdue() {
        Instant now = clock.instant();
        for (OperationRows.QueuedScope scope : rows.queuedScopes()) {
            OperationHandler handler = kinds.handler(scope.kind()).orElse(null);
            if (handler == null || handler.kind().policy().perAttempt()) {
                continue; // another server's kind, or one whose queue waits are not bounded
            }
            Duration timeout = runner.timeout(handler.kind(), scope.zoneId());
            Instant before = now.minus(timeout);
            if (!scope.oldest().isBefore(before)) {
                continue;
            }
            for (OperationRows.Row r : rows.queuedBefore(scope.kind(), scope.zoneId(), before, EXPIRED_PER_PASS)) {
                try {
                    expire(r, handler, timeout);
                } catch (RuntimeException e) {
                    LOG.error("Could not end overdue {} {}; the next pass tries again", r.operation().kind(),
                            r.operation().uuid(), e);
                }
            }
        }
    }

    private void expire(OperationRows.Row r, OperationHandler handler, Duration timeout) {
        Operation op = r.operation();
        OperationKind kind = handler.kind();
        String last = claims.whyWaiting(kind.limits(), r).map(w -> w.explain(names))
                .orElse("it was next in line");
        String why = "waited in the queue longer than " + kind.policy().timeoutSeconds().name() + " ("
                + timeout.toSeconds() + " s) and did not start (last: " + last + ")";
        Ending ending = handler.expire(op, why);
        Boolean done = tx.execute(s -> {
            if (!rows.lockQueued(op.id(), r.version())) {
                return false; // claimed or cancelled meanwhile
            }
            runner.finish(op, ending.work(), clock.instant(), false);
            return true;
        });
        if (Boolean.TRUE.equals(done)) {
            LOG.warn("{} {} ended: {}", op.kind(), op.uuid(), why);
        }
    }

    private int free() {
        return properties.operationWorkers() - busy.get();
    }

    private void submit(Claimed c) {
        busy.incrementAndGet();
        Runnable work = () -> {
            try {
                runner.execute(c, server.id());
            } catch (RuntimeException e) {
                // The database failed under the runner: the operation is handed back, so the next pass (here
                // or on another server) adopts it and follows its agent job again.
                LOG.error("Running {} {} failed; it is handed back to be adopted", c.operation().kind(),
                        c.operation().uuid(), e);
                handBack(c);
            } finally {
                busy.decrementAndGet();
                signal.raise();
            }
        };
        ExecutorService pool = workers;
        if (pool == null) {
            work.run(); // no background loops: the caller's thread runs it
        } else {
            pool.execute(work);
        }
    }

    private void handBack(Claimed c) {
        try {
            rows.handBack(c.operation().id(), server.id(), c.version());
        } catch (RuntimeException e) {
            LOG.error("Could not hand back {} {}; it is adopted once this server's heartbeat lapses",
                    c.operation().kind(), c.operation().uuid(), e);
        }
    }

    /** Keeps this server's running rows its own. */
    @Override
    public void beat(long serverId, Instant now) {
        rows.heartbeat(serverId, now);
    }

    /** What this server's claims left running at most. */
    public AdmissionRecord admissionRecord() {
        return claims.record();
    }

    /** Why a queued operation waits now, in words; empty when it would be claimed at the next pass. */
    public java.util.Optional<String> whyWaiting(String operationUuid) {
        return rows.byUuid(operationUuid).flatMap(r -> kinds.kind(r.operation().kind())
                .flatMap(k -> claims.whyWaiting(k.limits(), r))).map(w -> w.explain(names));
    }

    @Override
    public void stop() {
        running = false;
        signal.raise();
        Thread d = dispatcher;
        dispatcher = null;
        if (d != null) {
            d.interrupt();
        }
        ExecutorService pool = workers;
        workers = null;
        if (pool != null) {
            pool.shutdownNow();
            try {
                if (!pool.awaitTermination(properties.jobShutdownGrace().toMillis() + 5000, TimeUnit.MILLISECONDS)) {
                    LOG.warn("Operation workers still running after stop; their operations are handed back");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            int handed = rows.handBack(server.id());
            if (handed > 0) {
                LOG.info("Handed back {} running operation(s): another server (or this one, restarted) adopts them "
                        + "and follows their agent jobs", handed);
            }
        } catch (RuntimeException e) {
            LOG.error("Could not hand back this server's running operations; others adopt them once their heartbeat "
                    + "is older than {}", properties.leaseDuration(), e);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the job runner (100): operation jobs are launched through it. */
    @Override
    public int getPhase() {
        return 150;
    }
}
