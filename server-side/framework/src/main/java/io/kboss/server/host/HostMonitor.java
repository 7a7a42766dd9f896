package io.kboss.server.host;

import io.kboss.agent.contract.GetHostInfoCommand;
import io.kboss.agent.contract.HostInfoAnswer;
import io.kboss.agent.contract.client.AgentCallException;
import io.kboss.server.config.FrameworkProperties;
import io.kboss.server.host.HostRepository.Host;
import io.kboss.server.host.VmDiscovery.SyncResult;
import io.kboss.server.host.domain.HostHealth;
import io.kboss.server.host.domain.HostStatus;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import io.kboss.server.settings.domain.SettingDefinition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Pings every host's agent each {@code host.ping.interval} seconds and discovers the VMs of every Up
 * host each {@code vm.sync.interval} seconds. A tick every second compares the injected clock with
 * the next due time, so a settable clock drives it in tests and a changed interval applies at once.
 *
 * <p>Failure policy: a round that fails is logged and the next tick tries again; the loop never
 * dies. A host that does not answer is Disconnected, then Down after {@code host.ping.timeout}
 * misses in a row; going Down logs the backups the host had unfinished and tells every
 * {@link HostStatusListener}, so that work is accounted for rather than silently lost. Each round is
 * bounded: pings run on at most {@value #PING_THREADS} threads and a round waits at most the agent
 * request timeout plus a margin.
 *
 * <p>Each {@code vm.events.interval} seconds (1) it also reads every Up host's VM lifecycle feed
 * ({@link VmEventFollower}): one small request per host, on at most {@value #PING_THREADS} threads, never
 * two at once for one host, so the VMs' power state is libvirt's within seconds.
 *
 * <p>With several management servers only the holder of the {@link MonitorLeadership} lock pings,
 * syncs and follows the feeds, so a miss counts once; another server takes over when the holder stops.
 */
@Component
public class HostMonitor implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(HostMonitor.class);
    private static final int PING_THREADS = 4;
    private static final Duration ROUND_BOUND = AgentClients.REQUEST_TIMEOUT.plusSeconds(10);

    private final HostRepository hosts;
    private final AgentClients agents;
    private final VmDiscovery discovery;
    private final VmEventFollower events;
    private final Settings settings;
    private final ObjectProvider<HostStatusListener> listeners;
    private final Clock clock;
    private final FrameworkProperties properties;
    private final StoreCapacityPoller storeCapacities;
    private final LeaderTicker ticker;
    private volatile ExecutorService pingers;
    private volatile ExecutorService followers;
    // Hosts whose feed is being read: a host whose agent is slow is skipped, never asked twice at once.
    private final Set<Long> following = ConcurrentHashMap.newKeySet();
    private final Set<Long> feedFailing = ConcurrentHashMap.newKeySet();
    // When the last rounds started; the interval is added at every tick, so a change applies at once.
    private Instant lastPing = Instant.MIN;
    private Instant lastSync = Instant.MIN;
    private Instant lastEvents = Instant.MIN;

    public HostMonitor(HostRepository hosts, AgentClients agents, VmDiscovery discovery, VmEventFollower events,
            Settings settings, ObjectProvider<HostStatusListener> listeners, MonitorLeadership leadership, Clock clock,
            FrameworkProperties properties, StoreCapacityPoller storeCapacities) {
        this.storeCapacities = storeCapacities;
        this.hosts = hosts;
        this.agents = agents;
        this.discovery = discovery;
        this.events = events;
        this.settings = settings;
        this.listeners = listeners;
        this.clock = clock;
        this.properties = properties;
        // Another server follows the feeds when this one does not lead; ours would be stale if it led again.
        this.ticker = new LeaderTicker("kboss-host-monitor", Duration.ofSeconds(1), leadership, this::round,
                events::forgetAll, "Host monitoring round failed; trying again in a second");
    }

    /** Not without the server's background loops: tests ping and sync by hand. */
    @Override
    public boolean isAutoStartup() {
        return properties.backgroundLoops();
    }

    @Override
    public void start() {
        AtomicInteger n = new AtomicInteger();
        pingers = Executors.newFixedThreadPool(PING_THREADS, r -> {
            Thread t = new Thread(r, "kboss-host-ping-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        AtomicInteger f = new AtomicInteger();
        followers = Executors.newFixedThreadPool(PING_THREADS, r -> {
            Thread t = new Thread(r, "kboss-vm-events-" + f.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ticker.start();
    }

    @Override
    public void stop() {
        // Waits for a round in progress; the lock is released once the last leader ticker stopped.
        ticker.stop(ROUND_BOUND);
        if (pingers != null) {
            pingers.shutdownNow();
        }
        if (followers != null) {
            followers.shutdownNow();
        }
        events.forgetAll();
    }

    @Override
    public boolean isRunning() {
        return ticker.isRunning();
    }

    /** A tick of the leading server: each kind of round that is due. */
    private void round() {
        Instant now = clock.instant();
        if (due(lastEvents, HostSettings.VM_EVENTS_INTERVAL, now)) {
            lastEvents = now;
            followAll(followers);
        }
        if (due(lastPing, HostSettings.PING_INTERVAL, now)) {
            lastPing = now;
            pingAll();
        }
        now = clock.instant();
        if (due(lastSync, HostSettings.VM_SYNC_INTERVAL, now)) {
            lastSync = now;
            syncAll();
        }
    }

    private boolean due(Instant last, SettingDefinition<Integer> interval, Instant now) {
        return last.equals(Instant.MIN)
                || !now.isBefore(last.plusSeconds(settings.value(interval, ScopeChain.GLOBAL_ONLY)));
    }

    /** Pings every live host once, now, and records the outcome. */
    public void pingAll() {
        int timeout = settings.value(HostSettings.PING_TIMEOUT, ScopeChain.GLOBAL_ONLY);
        List<Callable<Void>> pings = new ArrayList<>();
        for (Host h : hosts.listLive()) {
            pings.add(() -> {
                ping(h, timeout);
                return null;
            });
        }
        try {
            for (Future<Void> f : pingers.invokeAll(pings, ROUND_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                if (f.isCancelled()) {
                    LOG.warn("A host ping took longer than {}; it is counted next round", ROUND_BOUND);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void ping(Host h, int timeout) {
        String failure;
        try {
            HostInfoAnswer info = agents.forHost(h).execute(new GetHostInfoCommand());
            if (info.success) {
                if (hosts.recordAnswer(h.id(), h.status(), info.agentVersion, info.libvirtVersion, info.qemuVersion,
                        clock.instant())) {
                    LOG.info("Host {} ({}) answers again: Up (was {})", h.name(), h.uuid(), h.status());
                    hosts.findById(h.id()).ifPresent(up -> listeners.orderedStream().forEach(l -> notifyUp(l, up)));
                }
                return;
            }
            failure = "its agent answered but cannot work: " + info.errorCode + " " + info.errorText;
        } catch (AgentCallException e) {
            failure = e.getMessage();
        } catch (RuntimeException e) {
            LOG.error("Pinging host {} ({}) failed unexpectedly; counted as a missed ping", h.name(), h.uuid(), e);
            failure = e.toString();
        }
        HostHealth after = h.health().missed(timeout);
        if (!hosts.recordMiss(h.id(), h.health(), after, clock.instant())) {
            LOG.debug("Host {} changed while it was pinged (another round); this miss is not counted", h.name());
            return;
        }
        if (after.wentDownFrom(h.status())) {
            List<String> unfinished = hosts.unfinishedOperations(h.id());
            LOG.warn("Host {} ({}) is Down after {} missed pings ({}); unfinished operations on it: {}", h.name(),
                    h.uuid(),
                    after.missedPings(), failure, unfinished);
            hosts.findById(h.id())
                    .ifPresent(down -> listeners.orderedStream().forEach(l -> notifyDown(l, down, unfinished)));
        } else if (after.status() != HostStatus.Down) {
            LOG.info("Host {} ({}) missed ping {} of {}: {}", h.name(), h.uuid(), after.missedPings(), timeout,
                    failure);
        }
    }

    private static void notifyDown(HostStatusListener l, Host down, List<String> unfinished) {
        try {
            l.hostDown(down, unfinished);
        } catch (RuntimeException e) {
            LOG.error("Host listener {} failed on host {} going Down", l.getClass().getName(), down.name(), e);
        }
    }

    private static void notifyUp(HostStatusListener l, Host up) {
        try {
            l.hostUp(up);
        } catch (RuntimeException e) {
            LOG.error("Host listener {} failed on host {} coming Up", l.getClass().getName(), up.name(), e);
        }
    }

    /**
     * Reads the VM lifecycle events of every Up host now, one host per task on {@code executor}, without
     * waiting: a host whose previous read has not ended yet (a slow agent, bounded by the agent request
     * timeout) is skipped this round.
     */
    void followAll(ExecutorService executor) {
        List<Long> up = new ArrayList<>();
        for (Host h : hosts.listLive()) {
            if (!h.status().isReachable()) {
                continue;
            }
            up.add(h.id());
            if (following.add(h.id())) {
                try {
                    executor.execute(() -> {
                        try {
                            followNow(h);
                        } finally {
                            following.remove(h.id());
                        }
                    });
                } catch (RuntimeException rejected) {
                    following.remove(h.id());
                    throw rejected;
                }
            }
        }
        events.retainOnly(up);
    }

    /** Reads one host's VM lifecycle events now and applies them; a failure is logged, the next round retries. */
    public void followNow(Host h) {
        try {
            VmEventFollower.FollowResult r = events.follow(h);
            if (r.applied() > 0 || r.resynced()) {
                LOG.debug("VM events of host {}: {}", h.name(), r);
            }
            if (feedFailing.remove(h.id())) {
                LOG.info("The VM events of host {} ({}) are read again", h.name(), h.uuid());
            }
        } catch (AgentCallException | RuntimeException e) {
            // Once per run of failures: the pings say whether the host is gone, every second would be noise.
            if (feedFailing.add(h.id())) {
                LOG.info("Reading the VM events of host {} ({}) failed; trying again each vm.events.interval: {}",
                        h.name(), h.uuid(), e.getMessage());
            } else {
                LOG.debug("Reading the VM events of host {} failed again: {}", h.name(), e.getMessage());
            }
        }
    }

    /**
     * Discovers the VMs of every Up host now, then measures the image stores; a host or store that fails
     * is logged and the others go on.
     */
    public void syncAll() {
        for (Host h : hosts.listLive()) {
            if (h.status().isReachable()) {
                try {
                    SyncResult r = discovery.sync(h);
                    LOG.debug("VM sync of host {}: {}", h.name(), r);
                } catch (AgentCallException | RuntimeException e) {
                    LOG.warn("VM sync of host {} ({}) failed; next try in vm.sync.interval: {}", h.name(), h.uuid(),
                            e.getMessage());
                }
            }
        }
        storeCapacities.refreshAll();
    }

    /**
     * reconnectHost: pings one host now, outside the rounds, and when it answers discovers its VMs and
     * measures its zone's image stores, so an operator who just started an agent or changed a VM need not wait for the next round.
     * The ping counts like a round's: a miss moves the host towards Down, an answer brings it Up.
     *
     * @return the host as it is afterwards
     * @throws IllegalArgumentException no live host has this uuid
     * @throws AgentCallException the host answered the ping but the VM discovery failed
     */
    public Host reconnect(String hostUuid) throws AgentCallException {
        Host h = hosts.findLive(hostUuid).orElseThrow(() -> new IllegalArgumentException(
                "No live host " + hostUuid + "; listHosts shows the hosts"));
        ping(h, settings.value(HostSettings.PING_TIMEOUT, ScopeChain.GLOBAL_ONLY));
        Host after = hosts.findById(h.id()).orElseThrow();
        if (after.status().isReachable()) {
            discovery.sync(after);
            storeCapacities.refreshZone(after.zoneId());
        }
        return hosts.findById(h.id()).orElseThrow();
    }

    /**
     * Discovers one host's VMs now (tests, and callers that just changed a VM).
     *
     * @throws IllegalArgumentException no live host has this uuid
     * @throws AgentCallException the agent could not be asked
     */
    public SyncResult syncNow(String hostUuid) throws AgentCallException {
        Host h = hosts.findLive(hostUuid).orElseThrow(() -> new IllegalArgumentException(
                "No live host " + hostUuid + "; listHosts shows the hosts"));
        return discovery.sync(h);
    }
}
