package io.kboss.server.host;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.contract.AgentAnswer;
import io.kboss.agent.contract.AgentCommand;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.ListVmsAnswer;
import io.kboss.agent.contract.ListVmsCommand;
import io.kboss.agent.contract.VmEvent;
import io.kboss.agent.contract.VmEventKind;
import io.kboss.agent.contract.VmEventsAnswer;
import io.kboss.agent.contract.VmEventsCommand;
import io.kboss.agent.contract.VmInfo;
import io.kboss.agent.contract.VmState;
import io.kboss.agent.contract.client.AgentCallException;
import io.kboss.db.SchemaUpgrader;
import io.kboss.db.testing.TestDatabase;
import io.kboss.server.api.Role;
import io.kboss.server.auth.AccountRepository;
import io.kboss.server.backup.AgentChannel;
import io.kboss.server.host.HostRepository.Host;
import io.kboss.test.support.SettableClock;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The lifecycle feed applied to vm_instance on the real schema, with a fake agent at the channel that
 * keeps a feed of events and a list of domains as the real one does: the first read resyncs with
 * list-vms, events then move the power state at once, a repeat changes nothing, a new feed (agent
 * restart) resyncs, the backup lifecycle's states are kept, a new VM is discovered, an old agent is
 * left to vm.sync.interval.
 */
public class VmEventFollowerTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final FakeAgent agent = new FakeAgent();
    private static TestDatabase db;
    private static JdbcTemplate jdbc;
    private VmRepository vms;
    private VmEventFollower feed;
    private Host host;

    /** One host's agent: its domains (list-vms) and its lifecycle feed (vm-events). */
    static final class FakeAgent implements AgentChannel {
        final Map<String, VmInfo> domains = new LinkedHashMap<>();
        final List<VmEvent> feed = new ArrayList<>();
        final List<String> asked = new ArrayList<>();
        String feedId = "feed-1";
        boolean oldAgent;

        @Override
        public <A extends AgentAnswer> A execute(AgentCommand<A> command) throws AgentCallException {
            asked.add(command.commandName());
            if (command instanceof ListVmsCommand) {
                ListVmsAnswer a = new ListVmsAnswer();
                a.success = true;
                a.vms.addAll(domains.values());
                return command.answerType().cast(a);
            }
            VmEventsCommand ask = (VmEventsCommand) command;
            VmEventsAnswer a = new VmEventsAnswer();
            if (oldAgent) {
                a.success = false;
                a.errorCode = ErrorCode.BAD_REQUEST;
                a.errorText = "unknown command vm-events";
                return command.answerType().cast(a);
            }
            a.success = true;
            a.feedId = feedId;
            a.lastSequence = feed.isEmpty() ? 0 : feed.get(feed.size() - 1).sequence;
            if (!feedId.equals(ask.feedId)) {
                a.resyncNeeded = true;
            } else {
                feed.stream().filter(e -> e.sequence > ask.afterSequence).limit(ask.maxEvents).forEach(a.events::add);
                a.more = feed.stream().filter(e -> e.sequence > ask.afterSequence).count() > ask.maxEvents;
            }
            return command.answerType().cast(a);
        }

        /** libvirt defines a domain (the agent's state changes, no event yet). */
        VmInfo domain(String name, VmState state) {
            VmInfo v = new VmInfo();
            v.uuid = UUID.randomUUID().toString();
            v.name = name;
            v.state = state;
            v.persistent = true; // as its events say; TransientDomainsTest has transient ones
            domains.put(v.uuid, v);
            return v;
        }

        /** A lifecycle change: the domain's state and the event the agent feeds. */
        void event(VmInfo v, VmEventKind kind, VmState state) {
            v.state = state;
            VmEvent e = new VmEvent();
            e.sequence = feed.size() + 1;
            e.vmUuid = v.uuid;
            e.vmName = v.name;
            e.kind = kind;
            e.state = state;
            e.exists = true;
            e.persistent = true;
            feed.add(e);
        }
    }

    @BeforeClass
    public static void migrate() throws Exception {
        db = TestDatabase.create("vm_event_feed");
        SchemaUpgrader.forUrl(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD, Clock.systemUTC()).upgrade();
        jdbc = new JdbcTemplate(new DriverManagerDataSource(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD));
        AccountRepository accounts = new AccountRepository(jdbc, Clock.systemUTC());
        accounts.insertAccount("admin", accounts.insertDomain("ROOT", null, "/"), Role.ROOT_ADMIN);
        jdbc.update("INSERT INTO zone (uuid, name, created) VALUES (UUID(), 'z1', UTC_TIMESTAMP(3))");
    }

    @AfterClass
    public static void drop() throws Exception {
        db.close();
    }

    @Before
    public void hostWithAgent() {
        jdbc.update("DELETE FROM volume");
        jdbc.update("DELETE FROM vm_instance");
        jdbc.update("DELETE FROM host");
        jdbc.update("INSERT INTO host (uuid, name, zone_id, url, address, port, status, status_changed,"
                + " channel_key_sealed, created) SELECT UUID(), 'h1', id, 'http://127.0.0.1:1', '127.0.0.1', 1, 'Up',"
                + " UTC_TIMESTAMP(3), ?, UTC_TIMESTAMP(3) FROM zone", (Object) new byte[32]);
        host = new HostRepository(jdbc).listLive().get(0);
        vms = new VmRepository(jdbc);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        VmDiscovery discovery = new VmDiscovery(h -> agent, vms, tx, clock);
        feed = new VmEventFollower(h -> agent, discovery, vms, clock);
    }

    @Test
    public void theFirstReadResyncsThenEventsMoveThePowerStateAtOnceAndARepeatChangesNothing() throws Exception {
        VmInfo web = agent.domain("web", VmState.RUNNING);
        agent.event(web, VmEventKind.STARTED, VmState.RUNNING); // before the server followed the feed

        VmEventFollower.FollowResult first = feed.follow(host);
        assertTrue("the first read has no cursor: list-vms", first.resynced());
        assertEquals(List.of("vm-events", "list-vms"), agent.asked);
        assertEquals("Running PowerOn", state(web));

        agent.event(web, VmEventKind.STOPPED, VmState.SHUTOFF);
        agent.asked.clear();
        VmEventFollower.FollowResult stopped = feed.follow(host);
        assertEquals(new VmEventFollower.FollowResult(1, false), stopped);
        assertEquals("one small request, no list-vms", List.of("vm-events"), agent.asked);
        assertEquals("Stopped PowerOff", state(web));

        agent.asked.clear();
        assertEquals("nothing new", new VmEventFollower.FollowResult(0, false), feed.follow(host));
        assertEquals(List.of("vm-events"), agent.asked);

        // An event that repeats what the server knows (it came between vm-events and list-vms).
        agent.event(web, VmEventKind.STOPPED, VmState.SHUTOFF);
        assertEquals(new VmEventFollower.FollowResult(0, false), feed.follow(host));
        assertEquals("Stopped PowerOff", state(web));

        agent.event(web, VmEventKind.STARTED, VmState.RUNNING);
        agent.event(web, VmEventKind.SUSPENDED, VmState.PAUSED);
        agent.event(web, VmEventKind.STOPPED, VmState.SHUTOFF);
        feed.follow(host);
        assertEquals("events apply in order: the last one wins", "Stopped PowerOff", state(web));
    }

    @Test
    public void aRestartedAgentsNewFeedResyncsAndTheBackupLifecycleStatesAreKept() throws Exception {
        VmInfo db1 = agent.domain("db1", VmState.RUNNING);
        feed.follow(host);
        jdbc.update("UPDATE vm_instance SET state = 'BackingUp' WHERE domain_uuid = ?", db1.uuid);

        agent.event(db1, VmEventKind.STOPPED, VmState.SHUTOFF);
        feed.follow(host);
        assertEquals("a backup's state stays, the power state is news", "BackingUp PowerOff", state(db1));

        jdbc.update("UPDATE vm_instance SET state = 'Stopped' WHERE domain_uuid = ?", db1.uuid);
        // The agent restarts: a new feed, whose events before now the server never saw.
        agent.feedId = "feed-2";
        agent.feed.clear();
        db1.state = VmState.RUNNING;
        agent.asked.clear();
        assertTrue(feed.follow(host).resynced());
        assertEquals(List.of("vm-events", "list-vms"), agent.asked);
        assertEquals("Running PowerOn", state(db1));
    }

    @Test
    public void aNewVmIsDiscoveredAtOnceAndAnUndefinedOneIsStoppedUntilDiscoveryRemovesIt() throws Exception {
        feed.follow(host);
        VmInfo added = agent.domain("added", VmState.SHUTOFF);
        agent.event(added, VmEventKind.DEFINED, VmState.SHUTOFF);
        agent.event(added, VmEventKind.STARTED, VmState.RUNNING);
        agent.asked.clear();
        assertTrue(feed.follow(host).resynced());
        assertEquals(List.of("vm-events", "list-vms"), agent.asked);
        assertEquals("Running PowerOn", state(added));

        agent.domains.remove(added.uuid);
        agent.event(added, VmEventKind.STOPPED, VmState.SHUTOFF);
        agent.event(added, VmEventKind.UNDEFINED, VmState.SHUTOFF);
        agent.asked.clear();
        assertEquals(new VmEventFollower.FollowResult(1, false), feed.follow(host));
        assertEquals("removal is discovery's, at vm.sync.interval", List.of("vm-events"), agent.asked);
        assertEquals("Stopped PowerOff", state(added));
        new VmDiscovery(h -> agent, vms, new TransactionTemplate(new DataSourceTransactionManager(
                jdbc.getDataSource())), clock).sync(host);
        assertNull("discovery removed it", state(added));
    }

    @Test
    public void anAgentWithoutTheFeedIsLeftToTheSyncIntervalAndAskedAgainLater() throws Exception {
        agent.oldAgent = true;
        assertEquals(new VmEventFollower.FollowResult(0, false), feed.follow(host));
        agent.asked.clear();
        feed.follow(host);
        assertTrue("not asked again soon", agent.asked.isEmpty());
        clock.advance(VmEventFollower.UNSUPPORTED_RETRY);
        agent.oldAgent = false;
        assertTrue(feed.follow(host).resynced());
        assertFalse(agent.asked.isEmpty());
    }

    @Test
    public void aBacklogLongerThanOneAnswerIsReadInOneFollowUpToItsEnd() throws Exception {
        VmInfo busy = agent.domain("busy", VmState.RUNNING);
        feed.follow(host);
        for (int i = 0; i < 1000; i++) {
            agent.event(busy, VmEventKind.RESUMED, VmState.RUNNING);
        }
        agent.event(busy, VmEventKind.STOPPED, VmState.SHUTOFF);
        agent.asked.clear();
        assertEquals(new VmEventFollower.FollowResult(1, false), feed.follow(host));
        assertEquals("500 + 500 + 1 events, asked while the agent said more", 3, agent.asked.size());
        assertEquals("Stopped PowerOff", state(busy));
    }

    @Test
    public void aStopFromAHostTheVmLeftIsIgnored() throws Exception {
        VmInfo moved = agent.domain("moved", VmState.RUNNING);
        feed.follow(host);
        jdbc.update("INSERT INTO host (uuid, name, zone_id, url, address, port, status, status_changed,"
                + " channel_key_sealed, created) SELECT UUID(), 'h2', id, 'http://127.0.0.1:2', '127.0.0.1', 2, 'Up',"
                + " UTC_TIMESTAMP(3), ?, UTC_TIMESTAMP(3) FROM zone", (Object) new byte[32]);
        jdbc.update("UPDATE vm_instance SET host_id = (SELECT id FROM host WHERE name = 'h2')");
        agent.event(moved, VmEventKind.STOPPED, VmState.SHUTOFF);
        assertEquals(new VmEventFollower.FollowResult(0, false), feed.follow(host));
        assertEquals("Running PowerOn", state(moved));
    }

    /** "state power_state" of the live VM of the domain, or null when there is none. */
    private String state(VmInfo domain) {
        return jdbc.query("SELECT CONCAT(state, ' ', power_state) FROM vm_instance WHERE domain_uuid = ?"
                + " AND removed IS NULL", (rs, i) -> rs.getString(1), domain.uuid).stream().findFirst().orElse(null);
    }
}
