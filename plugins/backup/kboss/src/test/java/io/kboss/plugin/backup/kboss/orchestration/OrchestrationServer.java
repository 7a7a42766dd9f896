package io.kboss.plugin.backup.kboss.orchestration;

import com.google.gson.JsonObject;
import com.zaxxer.hikari.HikariDataSource;
import io.kboss.db.testing.TestDatabase;
import io.kboss.plugin.backup.kboss.KbossPluginConfiguration;
import io.kboss.plugin.backup.kboss.operation.Sleeper;
import io.kboss.server.api.Caller;
import io.kboss.server.api.dispatch.ApiAnswer;
import io.kboss.server.api.dispatch.ApiDispatcher;
import io.kboss.server.backup.AgentChannels;
import io.kboss.server.config.DatabasePool;
import io.kboss.server.config.FrameworkConfiguration;
import io.kboss.server.config.FrameworkProperties;
import io.kboss.server.mshost.ManagementServer;
import io.kboss.server.operation.engine.OperationEngine;
import io.kboss.test.support.SettableClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * One management server of the orchestration tier: the framework's and the kboss plugin's real Spring
 * configurations, on the test's database, clock and fake agents, with the server's own loops off: the
 * test runs each dispatcher pass ({@link #pass()}) and heartbeat ({@link #beat()}) itself, so what
 * happens, and in which order, is decided by the test alone.
 */
public final class OrchestrationServer implements AutoCloseable {
    /** The lease the tier's servers hold their running operations under. */
    static final Duration LEASE = Duration.ofSeconds(60);

    private final HikariDataSource pool;
    private final AnnotationConfigApplicationContext context;
    private boolean dead;

    OrchestrationServer(TestDatabase db, String name, Path work, SettableClock clock, FakeAgents agents, int workers,
            Class<?>... more) {
        this(db.jdbcUrl(), name, work, clock, agents, workers, more);
    }

    /** The same on {@code jdbcUrl}: the test database's URL with further driver options. */
    OrchestrationServer(String jdbcUrl, String name, Path work, SettableClock clock, FakeAgents agents, int workers,
            Class<?>... more) {
        this(jdbcUrl, new FrameworkProperties(name, work, "orchestration-admin", Duration.ofMinutes(30), LEASE,
                Duration.ofSeconds(15), 2, Duration.ofSeconds(1), false, workers, false), clock, agents,
                agents.sleeper(), more);
    }

    /**
     * A server on an existing database with the given properties: with {@code backgroundLoops} on it
     * runs its own dispatcher, workers and heartbeat, as the queue benchmark's servers do.
     */
    public OrchestrationServer(String jdbcUrl, FrameworkProperties props, Clock clock, AgentChannels agents,
            Sleeper sleeper, Class<?>... more) {
        pool = DatabasePool.open(jdbcUrl, TestDatabase.USER, TestDatabase.PASSWORD, "orchestration-"
                + props.serverName(), Math.max(8, props.operationWorkers() + 4));
        context = new AnnotationConfigApplicationContext();
        DataSource ds = pool;
        context.registerBean(DataSource.class, () -> ds);
        context.registerBean(Clock.class, () -> clock);
        context.registerBean(FrameworkProperties.class, () -> props);
        context.register(FrameworkConfiguration.class, KbossPluginConfiguration.class);
        for (Class<?> c : more) {
            context.register(c);
        }
        context.registerBean("fakeAgents", AgentChannels.class, () -> agents, bd -> bd.setPrimary(true));
        context.registerBean("fakeAgentSleeper", Sleeper.class, () -> sleeper, bd -> bd.setPrimary(true));
        context.refresh();
    }

    /** An API call through the server's own dispatcher (parameter checks, refusals, async jobs). */
    public ApiAnswer call(Caller caller, String command, String... keyValues) {
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            params.put(keyValues[i], keyValues[i + 1]);
        }
        return bean(ApiDispatcher.class).dispatch(command, params, caller);
    }

    /** The call's answer, which must be a success; the {@code <command>response} object. */
    public JsonObject ok(Caller caller, String command, String... keyValues) {
        ApiAnswer a = call(caller, command, keyValues);
        JsonObject body = a.envelope().getAsJsonObject(command.toLowerCase() + "response");
        if (a.httpStatus() != 200) {
            throw new AssertionError(command + " answered " + a.httpStatus() + ": " + body);
        }
        return body;
    }

    /** queryAsyncJobResult of a job. */
    public JsonObject job(Caller caller, String jobId) {
        return ok(caller, "queryAsyncJobResult", "jobid", jobId);
    }

    /**
     * queryAsyncJobResult of a job the job runner runs itself (not an operation's view), once it has
     * ended: such jobs run on the runner's threads, which the test does not drive.
     */
    public JsonObject endedJob(Caller caller, String jobId) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        JsonObject job = job(caller, jobId);
        while (job.get("jobstatus").getAsInt() == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + jobId + " has not ended in 30 s: " + job);
            }
            Thread.yield();
            job = job(caller, jobId);
        }
        return job;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public <T> java.util.Collection<T> beans(Class<T> type) {
        return context.getBeansOfType(type).values();
    }

    /** The call's answer, which must be an error with {@code status}; the {@code <command>response} object. */
    public JsonObject refused(int status, Caller caller, String command, String... keyValues) {
        ApiAnswer a = call(caller, command, keyValues);
        JsonObject body = a.envelope().getAsJsonObject(command.toLowerCase() + "response");
        if (a.httpStatus() != status) {
            throw new AssertionError(command + " answered " + a.httpStatus() + ", not " + status + ": " + body);
        }
        return body;
    }

    /** Passes until one claims nothing more; returns how many it claimed in all. */
    public int drain() {
        int all = 0;
        for (int n = pass(); n > 0; n = pass()) {
            all += n;
        }
        return all;
    }

    /** One dispatcher pass; what it claims runs to its end (or until a held agent job) in this thread. */
    public int pass() {
        requireAlive();
        return bean(OperationEngine.class).pass();
    }

    /** One heartbeat of this server (its mshost row, its job leases, its running operations). */
    public void beat() {
        requireAlive();
        bean(ManagementServer.class).beat();
    }

    /**
     * One {@link #pass} in a daemon thread of its own, started. With the agents holding their jobs the pass stops
     * at the first held job, so the test can look and act while an operation runs.
     */
    public Thread passInBackground() {
        Thread t = new Thread(this::pass, "pass");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** This server's id in {@code mshost}. */
    public long id() {
        return bean(ManagementServer.class).id();
    }

    /**
     * The server dies: from now on it heartbeats nothing and ends nothing, and its database connections
     * go (its name lock with them). Threads it was running in are the test's to interrupt.
     */
    public void kill() {
        dead = true;
        pool.close();
    }

    private void requireAlive() {
        if (dead) {
            throw new IllegalStateException("this server was killed");
        }
    }

    /** An orderly stop: running operations are handed back. A killed server is only forgotten. */
    @Override
    public void close() {
        if (!dead) {
            context.close();
            pool.close();
        }
    }
}
