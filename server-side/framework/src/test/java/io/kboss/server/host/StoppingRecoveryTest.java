package io.kboss.server.host;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.contract.AgentAnswer;
import io.kboss.agent.contract.AgentCommand;
import io.kboss.agent.contract.StopVmCommand;
import io.kboss.agent.contract.VmEventKind;
import io.kboss.agent.contract.VmInfo;
import io.kboss.agent.contract.VmPowerAnswer;
import io.kboss.agent.contract.VmState;
import io.kboss.agent.contract.client.AgentCallException;
import io.kboss.db.SchemaUpgrader;
import io.kboss.db.testing.TestDatabase;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.api.Params;
import io.kboss.server.api.Role;
import io.kboss.server.auth.AccountRepository;
import io.kboss.server.backup.AgentChannel;
import io.kboss.server.host.HostRepository.Host;
import io.kboss.server.jobs.AsyncJobRepository;
import io.kboss.test.support.SettableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A management server that stops while a non-forced stopVirtualMachine waits for the guest must not leave
 * the VM Stopping for ever. Real schema, real discovery, lifecycle feed and job table; a fake agent at the
 * channel whose guest ignores the shutdown request (libvirt keeps reporting it running). The job's thread
 * stands for the server: interrupted, it is an orderly shutdown; left waiting while its lease runs out and
 * another server's sweep fails its job, it is a server that crashed or froze.
 */
public class StoppingRecoveryTest {
    private static final long DEAD_SERVER = 41;
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static TestDatabase db;
    private static JdbcTemplate jdbc;
    private static Caller admin;
    private final SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final VmEventFollowerTest.FakeAgent agent = new VmEventFollowerTest.FakeAgent();
    private VmRepository vms;
    private AsyncJobRepository jobs;
    private VmDiscovery discovery;
    private VmEventFollower feed;
    private VmPower power;
    private Host host;
    private VmInfo guest;
    private String vmUuid;

    @BeforeClass
    public static void migrate() throws Exception {
        db = TestDatabase.create("vm_stopping");
        SchemaUpgrader.forUrl(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD, Clock.systemUTC()).upgrade();
        jdbc = new JdbcTemplate(new DriverManagerDataSource(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD));
        AccountRepository accounts = new AccountRepository(jdbc, Clock.systemUTC());
        var root = accounts.insertDomain("ROOT", null, "/");
        var a = accounts.insertAccount("admin", root, Role.ROOT_ADMIN);
        jdbc.update("INSERT INTO `user` (uuid, account_id, username, created) VALUES (UUID(), ?, 'admin',"
                + " UTC_TIMESTAMP(3))", a.id());
        long userId = jdbc.queryForObject("SELECT id FROM `user` WHERE username = 'admin'", Long.class);
        admin = new Caller(userId, "u1", "admin", a.id(), "a1", "admin", Role.ROOT_ADMIN, root.id(), "d1", "/");
        jdbc.update("INSERT INTO zone (uuid, name, created) VALUES (UUID(), 'z1', UTC_TIMESTAMP(3))");
    }

    @AfterClass
    public static void drop() throws Exception {
        db.close();
    }

    @Before
    public void aRunningVmWhoseGuestIgnoresShutdownRequests() throws Exception {
        jdbc.update("DELETE FROM async_job");
        jdbc.update("DELETE FROM volume");
        jdbc.update("DELETE FROM vm_instance");
        jdbc.update("DELETE FROM host");
        jdbc.update("INSERT INTO host (uuid, name, zone_id, url, address, port, status, status_changed,"
                + " channel_key_sealed, created) SELECT UUID(), 'h1', id, 'http://127.0.0.1:1', '127.0.0.1', 1, 'Up',"
                + " UTC_TIMESTAMP(3), ?, UTC_TIMESTAMP(3) FROM zone", (Object) new byte[32]);
        host = new HostRepository(jdbc).listLive().get(0);
        vms = new VmRepository(jdbc);
        jobs = new AsyncJobRepository(jdbc);
        // stop-vm is answered as libvirt answers a shutdown request: still running, shutting down.
        AgentChannel channel = new AgentChannel() {
            @Override
            public <A extends AgentAnswer> A execute(AgentCommand<A> command) throws AgentCallException {
                if (command instanceof StopVmCommand) {
                    VmPowerAnswer a = new VmPowerAnswer();
                    a.success = true;
                    a.state = VmState.SHUTTING_DOWN;
                    a.changed = true;
                    a.exists = true;
                    return command.answerType().cast(a);
                }
                return agent.execute(command);
            }
        };
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        discovery = new VmDiscovery(h -> channel, vms, tx, clock);
        feed = new VmEventFollower(h -> channel, discovery, vms, clock);
        power = new VmPower(vms, new HostRepository(jdbc), h -> channel, clock, () -> 3600);
        guest = agent.domain("stubborn", VmState.RUNNING);
        feed.follow(host); // the first read resyncs: the VM is discovered, and the feed has its cursor
        vmUuid = jdbc.queryForObject("SELECT uuid FROM vm_instance WHERE domain_uuid = ?", String.class, guest.uuid);
        assertEquals("Running PowerOn", state());
    }

    @Test
    public void aCrashedServersStopEndsStoppingOnceItsJobIsFailedAndDiscoverySeesTheVmRunning() throws Exception {
        String job = insertStopJob();
        Waiting stop = startStop();
        assertEquals("Stopping PowerOn", state());

        discovery.sync(host);
        assertEquals("while its job waits, a running guest is Stopping", "Stopping PowerOn", state());

        // The server stops renewing its lease; another server's heartbeat sweep fails the job.
        clock.advance(LEASE.plusSeconds(1));
        assertEquals(1, jobs.failExpired(clock.instant(), "{\"errortext\":\"lease expired\"}"));
        discovery.sync(host);
        assertEquals("nobody waits any more: the VM is what libvirt says", "Running PowerOn", state());
        assertEquals(2, (int) jdbc.queryForObject("SELECT status FROM async_job WHERE uuid = ?", Integer.class, job));

        // The frozen server's thread, should it wake, finds the VM no longer Stopping and writes nothing.
        stop.thread.join(10_000);
        assertFalse(stop.thread.isAlive());
        assertEquals("Running PowerOn", state());
    }

    @Test
    public void aLifecycleEventAfterTheJobFailedAlsoEndsStopping() throws Exception {
        String job = insertStopJob();
        Waiting stop = startStop();
        agent.event(guest, VmEventKind.RESUMED, VmState.RUNNING);
        feed.follow(host);
        assertEquals("the job still waits", "Stopping PowerOn", state());

        jdbc.update("UPDATE async_job SET status = 2 WHERE uuid = ?", job); // failed at its server's restart
        agent.event(guest, VmEventKind.RESUMED, VmState.RUNNING);
        feed.follow(host);
        assertEquals("Running PowerOn", state());
        stop.thread.join(10_000);
        assertFalse(stop.thread.isAlive());
    }

    @Test
    public void aShutdownThatInterruptsTheWaitSetsTheVmBackToRunningAtOnce() throws Exception {
        insertStopJob();
        Waiting stop = startStop();
        stop.thread.interrupt(); // what the job runner does at an orderly stop, after its grace period
        stop.thread.join(10_000);
        assertFalse(stop.thread.isAlive());
        assertNotNull("the job fails", stop.failure.get());
        assertTrue(stop.failure.get().getMessage(), stop.failure.get().getMessage().contains("still Running"));
        assertEquals("Running PowerOn", state());
    }

    @Test
    public void aGuestThatPowersOffAfterTheCrashIsStopped() throws Exception {
        String job = insertStopJob();
        startStop();
        jdbc.update("UPDATE async_job SET status = 2 WHERE uuid = ?", job);
        agent.event(guest, VmEventKind.STOPPED, VmState.SHUTOFF);
        feed.follow(host);
        assertEquals("Stopped PowerOff", state());
    }

    /** The pending job the launcher writes for a stopVirtualMachine call, leased to its server. */
    private String insertStopJob() {
        String uuid = UUID.randomUUID().toString();
        Instant now = clock.instant();
        jobs.insert(uuid, admin.accountId(), admin.userId(), "stopVirtualMachine", "{}", "VirtualMachine", vmUuid,
                DEAD_SERVER, now, now.plus(LEASE));
        return uuid;
    }

    private record Waiting(Thread thread, AtomicReference<ApiException> failure) {
    }

    /** Runs the stop's job on its own thread, as the job runner does, and returns once the VM is Stopping. */
    private Waiting startStop() throws Exception {
        AtomicReference<ApiException> failure = new AtomicReference<>();
        ApiCall call = new ApiCall(null, admin, new Params(Map.of("id", UUID.fromString(vmUuid), "forced", false)));
        var start = power.start(call, false, false);
        Thread t = new Thread(() -> {
            try {
                start.work().run(null);
            } catch (ApiException e) {
                failure.set(e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "stop-job");
        t.setDaemon(true);
        t.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!"Stopping PowerOn".equals(state())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the stop never made the VM Stopping: " + state());
            }
            Thread.sleep(20);
        }
        return new Waiting(t, failure);
    }

    private String state() {
        return jdbc.queryForObject("SELECT CONCAT(state, ' ', power_state) FROM vm_instance WHERE uuid = ?",
                String.class, vmUuid);
    }
}
