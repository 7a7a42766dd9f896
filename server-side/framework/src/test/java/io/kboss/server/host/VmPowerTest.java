package io.kboss.server.host;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.kboss.agent.contract.AgentAnswer;
import io.kboss.agent.contract.AgentCommand;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.StartVmCommand;
import io.kboss.agent.contract.StopVmCommand;
import io.kboss.agent.contract.VmPowerAnswer;
import io.kboss.agent.contract.VmState;
import io.kboss.db.SchemaUpgrader;
import io.kboss.db.testing.TestDatabase;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.AsyncStart;
import io.kboss.server.api.Caller;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.Role;
import io.kboss.server.auth.AccountRepository;
import io.kboss.server.backup.AgentChannel;
import io.kboss.test.support.SettableClock;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * startVirtualMachine and stopVirtualMachine's checks and job on the real schema, with a fake agent at
 * the channel: what is sent, what is written, and the refusals that send nothing.
 */
public class VmPowerTest {
    private static TestDatabase db;
    private static JdbcTemplate jdbc;
    private static Caller admin;
    private static Caller otherUser;
    private final List<AgentCommand<?>> sent = new ArrayList<>();
    private final SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private VmPower power;
    private String vmUuid;
    private String domainUuid;
    private VmState agentAnswers;
    private ErrorCode agentRefuses;
    private int stopWait = 60;

    @BeforeClass
    public static void migrate() throws Exception {
        db = TestDatabase.create("vm_power");
        SchemaUpgrader.forUrl(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD, Clock.systemUTC()).upgrade();
        jdbc = new JdbcTemplate(new DriverManagerDataSource(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD));
        AccountRepository accounts = new AccountRepository(jdbc, Clock.systemUTC());
        var root = accounts.insertDomain("ROOT", null, "/");
        var a = accounts.insertAccount("admin", root, Role.ROOT_ADMIN);
        var u = accounts.insertAccount("someone", root, Role.USER);
        admin = new Caller(1, "u1", "admin", a.id(), "a1", "admin", Role.ROOT_ADMIN, root.id(), "d1", "/");
        otherUser = new Caller(2, "u2", "someone", u.id(), "a2", "someone", Role.USER, root.id(), "d1", "/");
        jdbc.update("INSERT INTO zone (uuid, name, created) VALUES (UUID(), 'z1', UTC_TIMESTAMP(3))");
    }

    @AfterClass
    public static void drop() throws Exception {
        db.close();
    }

    @Before
    public void runningVmOnAnUpHost() {
        jdbc.update("DELETE FROM operation");
        jdbc.update("DELETE FROM vm_instance");
        jdbc.update("DELETE FROM host");
        jdbc.update("INSERT INTO host (uuid, name, zone_id, url, address, port, status, status_changed,"
                + " channel_key_sealed, created) SELECT UUID(), 'h1', id, 'http://127.0.0.1:1', '127.0.0.1', 1, 'Up',"
                + " UTC_TIMESTAMP(3), ?, UTC_TIMESTAMP(3) FROM zone", (Object) new byte[32]);
        vmUuid = UUID.randomUUID().toString();
        domainUuid = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO vm_instance (uuid, name, domain_uuid, account_id, domain_id, zone_id, host_id, state,"
                + " power_state, created) SELECT ?, 'vm1', ?, a.id, a.domain_id, h.zone_id, h.id, 'Running', 'PowerOn',"
                + " UTC_TIMESTAMP(3) FROM account a, host h WHERE a.name = 'admin'", vmUuid, domainUuid);
        agentAnswers = VmState.SHUTOFF;
        agentRefuses = null;
        AgentChannel agent = new AgentChannel() {
            @Override
            public <A extends AgentAnswer> A execute(AgentCommand<A> command) {
                sent.add(command);
                VmPowerAnswer a = new VmPowerAnswer();
                a.success = agentRefuses == null;
                a.errorCode = agentRefuses;
                a.errorText = agentRefuses == null ? null : "a job works on the VM";
                a.state = agentAnswers;
                a.changed = true;
                a.exists = true;
                return command.answerType().cast(a);
            }
        };
        power = new VmPower(new VmRepository(jdbc), new HostRepository(jdbc), h -> agent, clock, () -> stopWait);
    }

    @Test
    public void aForcedStopThenAStartSendTheDomainUuidAndWriteWhatTheAgentAnswered() throws Exception {
        ObjectResponse stopped = run(power.start(call(admin, true), false, true));
        StopVmCommand stop = (StopVmCommand) sent.get(0);
        assertEquals(domainUuid, stop.vmUuid);
        assertTrue(stop.forced);
        assertEquals("Stopped", ((HostResponses.VmResponse) stopped.object()).state());
        assertEquals("Stopped PowerOff", state());

        agentAnswers = VmState.RUNNING;
        ObjectResponse started = run(power.start(call(admin, false), true, false));
        assertEquals(domainUuid, ((StartVmCommand) sent.get(1)).vmUuid);
        assertEquals("Running", ((HostResponses.VmResponse) started.object()).state());
        assertEquals("Running PowerOn", state());
    }

    @Test
    public void aStopThatOnlyAsksTheGuestWaitsUntilTheFeedSeesItOff() throws Exception {
        agentAnswers = VmState.SHUTTING_DOWN;
        // The lifecycle feed, as VmEventFollower writes it once the guest has powered off.
        Thread feed = new Thread(() -> {
            try {
                while (!"Stopping PowerOn".equals(state())) {
                    Thread.sleep(20);
                }
                new VmRepository(jdbc).updatePower(vmId(), "Stopping", "Stopped", "PowerOff", clock.instant());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        feed.setDaemon(true);
        feed.start();
        ObjectResponse stopped = run(power.start(call(admin, false), false, false));
        feed.join();
        assertEquals(false, ((StopVmCommand) sent.get(0)).forced);
        assertEquals("the job ends when the VM is off", "Stopped",
                ((HostResponses.VmResponse) stopped.object()).state());
        assertEquals("Stopped PowerOff", state());
    }

    @Test
    public void aGuestThatDoesNotPowerOffFailsTheStopAndStaysRunning() throws Exception {
        agentAnswers = VmState.SHUTTING_DOWN;
        stopWait = 1;
        try {
            run(power.start(call(admin, false), false, false));
            fail("the guest never powered off");
        } catch (ApiException e) {
            assertEquals(534, e.errorCode().httpStatus());
            assertTrue(e.getMessage(), e.getMessage().contains("did not power off within 1 s (vm.stop.wait)")
                    && e.getMessage().contains("forced=true"));
        }
        assertEquals("Running PowerOn", state());
    }

    @Test
    public void refusalsSendNothing() throws Exception {
        assertRefused(536, () -> {
            jdbc.update("INSERT INTO operation (uuid, kind, origin, limit_group, exclusive_scope, vm_id, host_id,"
                    + " zone_id, state, next_attempt, enqueued, started) SELECT UUID(), 'RESTORE', 'API', 'backup',"
                    + " 'VM', v.id, v.host_id, v.zone_id, 'RUNNING', UTC_TIMESTAMP(3), UTC_TIMESTAMP(3),"
                    + " UTC_TIMESTAMP(3) FROM vm_instance v");
            power.start(call(admin, false), true, false);
        }, "RESTORE (RUNNING)");
        jdbc.update("DELETE FROM operation");
        assertRefused(432, () -> power.start(call(otherUser, false), false, true), "another account");
        jdbc.update("UPDATE host SET status = 'Down'");
        assertRefused(534, () -> power.start(call(admin, false), true, false), "is Down");
        assertRefused(431, () -> power.start(new ApiCall(null, admin, params(UUID.randomUUID().toString(), false)),
                true, false), "Unable to find virtual machine by id");
        assertTrue(sent.isEmpty());
        jdbc.update("UPDATE host SET status = 'Up'");
        agentRefuses = ErrorCode.BUSY;
        try {
            run(power.start(call(admin, false), true, false));
            fail("the agent refused");
        } catch (ApiException e) {
            assertEquals(536, e.errorCode().httpStatus());
        }
        assertEquals("Running PowerOn", state());
    }

    private interface Refused {
        void run() throws Exception;
    }

    private static void assertRefused(int status, Refused r, String says) throws Exception {
        try {
            r.run();
            fail("should be refused with " + status);
        } catch (ApiException e) {
            assertEquals(e.getMessage(), status, e.errorCode().httpStatus());
            assertTrue(e.getMessage(), e.getMessage().contains(says));
        }
    }

    private static ObjectResponse run(AsyncStart start) throws Exception {
        return (ObjectResponse) start.work().run(null);
    }

    private ApiCall call(Caller caller, boolean forced) {
        return new ApiCall(null, caller, params(vmUuid, forced));
    }

    private static io.kboss.server.api.Params params(String id, boolean forced) {
        Map<String, Object> v = new HashMap<>();
        v.put("id", UUID.fromString(id));
        v.put("forced", forced);
        return new io.kboss.server.api.Params(v);
    }

    private long vmId() {
        return jdbc.queryForObject("SELECT id FROM vm_instance WHERE uuid = ?", Long.class, vmUuid);
    }

    private String state() {
        return jdbc.queryForObject("SELECT CONCAT(state, ' ', power_state) FROM vm_instance WHERE uuid = ?",
                String.class, vmUuid);
    }
}
