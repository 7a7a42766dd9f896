package io.kboss.server.host;

import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.VmEvent;
import io.kboss.agent.contract.VmEventsAnswer;
import io.kboss.agent.contract.VmEventsCommand;
import io.kboss.agent.contract.client.AgentCallException;
import io.kboss.server.backup.AgentChannel;
import io.kboss.server.host.HostRepository.Host;
import io.kboss.server.host.VmRepository.Vm;
import io.kboss.server.host.domain.VmPowerState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Follows each host's VM lifecycle feed ({@code vm-events}) so that a VM's power state on the server is
 * what libvirt says within seconds, not at the next {@code vm.sync.interval} discovery.
 *
 * <p>One {@link #follow} is one small request to the agent (a few more only while the agent says
 * {@code more}). Events are applied as "the VM's power state is now X", so an event that repeats what
 * list-vms already showed changes nothing. The set of VMs stays discovery's business: an event of a VM
 * the server does not know yet, or of one that starts on this host while the server places it elsewhere
 * (a migration), makes the feed run {@link VmDiscovery#sync} for the host once; so does the agent's
 * {@code resyncNeeded} (the first call, a restarted agent, or events dropped because nobody asked for
 * long). A known VM undefined or redefined only changes power state here: removal and disk changes wait
 * for {@code vm.sync.interval}'s discovery, as before.
 *
 * <p>The cursors (feed id and last applied sequence, per host) live in this server's memory only: a
 * server that starts, or takes the monitor lock over, begins with a resync, which is what the protocol
 * asks. The caller keeps one follow per host at a time.
 */
@Component
public class VmEventFollower {
    private static final Logger LOG = LoggerFactory.getLogger(VmEventFollower.class);
    /** Requests one follow may send while the agent says more events wait; the next tick reads the rest. */
    static final int MAX_BATCHES = 5;
    /** How long a host whose agent cannot answer vm-events (an older agent) is left to vm.sync.interval. */
    static final Duration UNSUPPORTED_RETRY = Duration.ofMinutes(10);

    private final Function<Host, AgentChannel> agents;
    private final VmDiscovery discovery;
    private final VmRepository vms;
    private final Clock clock;
    private final Map<Long, Cursor> cursors = new ConcurrentHashMap<>();
    private final Map<Long, Instant> unsupportedUntil = new ConcurrentHashMap<>();

    /** Where a host's feed was read up to. */
    record Cursor(String feedId, long lastSequence) {
    }

    /**
     * What one follow did.
     *
     * @param applied events that changed a VM's power state
     * @param resynced whether the host's VMs were listed again (list-vms)
     */
    public record FollowResult(int applied, boolean resynced) {
    }

    @Autowired
    public VmEventFollower(AgentClients agents, VmDiscovery discovery, VmRepository vms, Clock clock) {
        this(h -> agents.forHost(h)::execute, discovery, vms, clock);
    }

    /** With the agents' channels given: tests put a fake agent here, at the channel boundary. */
    VmEventFollower(Function<Host, AgentChannel> agents, VmDiscovery discovery, VmRepository vms, Clock clock) {
        this.agents = agents;
        this.discovery = discovery;
        this.vms = vms;
        this.clock = clock;
    }

    /**
     * Reads the host's new events and applies them. An agent that cannot be asked leaves the cursor as it
     * was, so the next follow reads the same events again.
     *
     * @throws AgentCallException the agent could not be asked, or its VMs could not be listed
     */
    public FollowResult follow(Host host) throws AgentCallException {
        Instant skipUntil = unsupportedUntil.get(host.id());
        if (skipUntil != null && clock.instant().isBefore(skipUntil)) {
            return new FollowResult(0, false);
        }
        AgentChannel agent = agents.apply(host);
        int applied = 0;
        boolean resynced = false;
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            Cursor cursor = cursors.get(host.id());
            VmEventsCommand ask = new VmEventsCommand();
            ask.feedId = cursor == null ? null : cursor.feedId();
            ask.afterSequence = cursor == null ? 0 : cursor.lastSequence();
            VmEventsAnswer answer = agent.execute(ask);
            if (!answer.success) {
                if (answer.errorCode == ErrorCode.BAD_REQUEST || answer.errorCode == ErrorCode.UNSUPPORTED) {
                    unsupportedUntil.put(host.id(), clock.instant().plus(UNSUPPORTED_RETRY));
                    LOG.warn("The agent of host {} ({}) does not serve vm-events ({}); its VMs' power state follows"
                            + " vm.sync.interval only, next try in {}", host.name(), host.uuid(), answer.errorText,
                            UNSUPPORTED_RETRY);
                    return new FollowResult(applied, resynced);
                }
                throw new AgentCallException("The agent of host " + host.name() + " could not read its VM events: "
                        + answer.errorText + " (" + answer.errorCode + "); check libvirtd on that host", false, null);
            }
            unsupportedUntil.remove(host.id());
            if (answer.resyncNeeded) {
                // The events before lastSequence are lost to us: list every VM, then go on from there.
                discovery.sync(host);
                cursors.put(host.id(), new Cursor(answer.feedId, answer.lastSequence));
                LOG.debug("VM events of host {}: resynced with list-vms, feed {} from {}", host.name(),
                        answer.feedId, answer.lastSequence);
                return new FollowResult(applied, true);
            }
            long last = ask.afterSequence;
            // "The state is now X": of a VM's events in one answer only its last one matters.
            Map<String, VmEvent> latest = new LinkedHashMap<>();
            for (VmEvent e : answer.events) {
                if (e.vmUuid != null) {
                    latest.remove(e.vmUuid);
                    latest.put(e.vmUuid, e);
                }
                last = Math.max(last, e.sequence);
            }
            boolean listAgain = false;
            for (VmEvent e : latest.values()) {
                Outcome o = apply(host, e);
                if (o == Outcome.CHANGED) {
                    applied++;
                } else if (o == Outcome.LIST_AGAIN) {
                    listAgain = true;
                }
            }
            if (listAgain) {
                discovery.sync(host);
                resynced = true;
            }
            cursors.put(host.id(), new Cursor(answer.feedId, last));
            if (!answer.more) {
                break;
            }
        }
        return new FollowResult(applied, resynced);
    }

    /** Forgets every cursor: this server stopped monitoring, another one follows the feeds now. */
    public void forgetAll() {
        cursors.clear();
        unsupportedUntil.clear();
    }

    /** Forgets the cursors of hosts not among {@code hostIds} (deleted, or no longer Up). */
    public void retainOnly(Collection<Long> hostIds) {
        cursors.keySet().retainAll(hostIds);
        unsupportedUntil.keySet().retainAll(hostIds);
    }

    private enum Outcome {
        CHANGED, UNCHANGED, LIST_AGAIN
    }

    private Outcome apply(Host host, VmEvent e) {
        if (e.vmUuid == null) {
            return Outcome.UNCHANGED;
        }
        Vm vm = vms.findLiveByDomainUuid(e.vmUuid).orElse(null);
        VmPowerState power = VmPowerState.fromLibvirt(e.state == null ? null : e.state.name());
        if (vm == null) {
            // A VM the server has not discovered yet: discovery registers it with its disks.
            return e.exists ? Outcome.LIST_AGAIN : Outcome.UNCHANGED;
        }
        // A known VM's definition changing (disks attached by a volume restore, say) or going away is left
        // to discovery at vm.sync.interval, as before the feed: the operations that change disks register
        // them themselves, and a VM whose domain is gone keeps its row until a discovery confirms it. Its
        // power state is news all the same (an undefined VM is off).
        if (vm.hostId() == null || vm.hostId() != host.id()) {
            // Started here while the server places it elsewhere: it moved. A stop reported by a host the
            // VM already left says nothing about the VM.
            return power == VmPowerState.PowerOn ? Outcome.LIST_AGAIN : Outcome.UNCHANGED;
        }
        if (power == VmPowerState.PowerUnknown) {
            return Outcome.UNCHANGED;
        }
        String next = power.nextVmState(vm.state(), !"Stopping".equals(vm.state()) || vms.stopAwaited(vm.uuid()));
        if (power.name().equals(vm.powerState()) && next.equals(vm.state())) {
            return Outcome.UNCHANGED;
        }
        if (!vms.updatePower(vm.id(), vm.state(), next, power.name(), clock.instant())) {
            return Outcome.UNCHANGED;
        }
        LOG.info("VM {} ({}) on host {}: {} {} -> {} (was {}, {})", vm.name(), vm.uuid(), host.name(), e.kind,
                e.detail == null ? "" : e.detail, power, vm.powerState(), vm.state());
        return Outcome.CHANGED;
    }
}
