package io.kboss.server.host;

import io.kboss.agent.contract.AgentCommand;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.StartVmCommand;
import io.kboss.agent.contract.StopVmCommand;
import io.kboss.agent.contract.VmPowerAnswer;
import io.kboss.agent.contract.client.AgentCallException;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiErrorCode;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.AsyncStart;
import io.kboss.server.api.CsErrorCode;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.backup.AgentChannel;
import io.kboss.server.host.HostRepository.Host;
import io.kboss.server.host.VmRepository.Vm;
import io.kboss.server.host.domain.VmPowerState;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * What startVirtualMachine and stopVirtualMachine share: the refusals checked in the request (unknown VM,
 * another account's, no host or a host not Up, an operation such as a restore holding the VM), and the
 * job that sends {@code start-vm} or {@code stop-vm} to the VM's agent and writes the state it answers.
 *
 * <p>start-vm answers once the VM runs, a forced stop once it is off. A stop that is not forced only asks
 * the guest to shut down (ACPI): the VM is Stopping, and the job waits, as CloudStack's stop does, until
 * the lifecycle feed ({@link VmEventFollower}) has seen the guest power off and made it Stopped, then
 * answers it Stopped. A guest that does not power off within {@code vm.stop.wait} seconds (one that
 * ignores ACPI) fails the job with a sentence that says so and names {@code forced=true}; the VM is set
 * back to Running, as it still is. If the server stops during the wait, the VM is not left Stopping: an
 * orderly shutdown sets it back to Running here, and after a crash the job is failed (its server's restart
 * or its lease) and the next discovery or lifecycle event sets the state libvirt reports, since Stopping
 * is kept only while a stop job waits ({@link VmRepository#stopAwaited}).
 */
@Component
public class VmPower {
    private static final Logger LOG = LoggerFactory.getLogger(VmPower.class);
    /** States of the backup lifecycle during which the VM's disks are worked on. */
    private static final Set<String> BUSY_STATES = Set.of("BackingUp", "Restoring");
    /** How often a stop's job rereads the VM while the guest shuts down (the feed writes it). */
    private static final long STOP_POLL_MILLIS = 250;

    private final VmRepository vms;
    private final HostRepository hosts;
    private final Function<Host, AgentChannel> agents;
    private final Clock clock;
    private final IntSupplier stopWaitSeconds;

    @Autowired
    public VmPower(VmRepository vms, HostRepository hosts, AgentClients agents, Clock clock, Settings settings) {
        this(vms, hosts, h -> agents.forHost(h)::execute, clock,
                () -> settings.value(HostSettings.VM_STOP_WAIT, ScopeChain.GLOBAL_ONLY));
    }

    VmPower(VmRepository vms, HostRepository hosts, Function<Host, AgentChannel> agents, Clock clock,
            IntSupplier stopWaitSeconds) {
        this.vms = vms;
        this.hosts = hosts;
        this.agents = agents;
        this.clock = clock;
        this.stopWaitSeconds = stopWaitSeconds;
    }

    /** Checks the call may start or stop the VM named by {@code id} and answers the job that does it. */
    AsyncStart start(ApiCall call, boolean starting, boolean forced) throws ApiException {
        String uuid = call.params().uuid("id").toString();
        Vm vm = vms.findLive(uuid).orElseThrow(() -> ApiException.invalidParameter(
                "Unable to find virtual machine by id " + uuid + "; listVirtualMachines shows them"));
        String verb = starting ? "start" : "stop";
        if (!call.caller().mayAccess(vm.accountId(), vm.ownerDomainPath())) {
            throw ApiException.permissionDenied("VM " + uuid + " belongs to another account; you may " + verb
                    + " only your own account's VMs");
        }
        var busy = vms.busyWith(vm.id());
        if (busy.isPresent() || BUSY_STATES.contains(vm.state())) {
            throw ApiException.inUse("VM " + vm.name() + " is busy (" + busy.orElse(vm.state()) + "); " + verb
                    + " it when that has finished, or cancel it first");
        }
        Host host = vm.hostId() == null ? null : hosts.findById(vm.hostId()).orElse(null);
        if (host == null) {
            throw ApiException.invalidParameter("VM " + vm.name() + " is on no registered host; add its host with "
                    + "addHost, then " + verb + " it");
        }
        if (!host.status().isReachable()) {
            throw new ApiException(ApiErrorCode.RESOURCE_UNAVAILABLE, CsErrorCode.RESOURCE_UNAVAILABLE, "Host "
                    + host.name() + " of VM " + vm.name() + " is " + host.status() + "; " + verb
                    + " the VM when the host is Up again (listHosts)");
        }
        boolean admin = call.caller().isRootAdmin();
        return new AsyncStart(vm.uuid(), "VirtualMachine", progress -> {
            VmPowerAnswer answer = send(host, vm, starting, forced);
            Vm now = record(vm, answer, starting);
            if ("Stopping".equals(now.state())) {
                now = awaitStopped(now);
            }
            return new ObjectResponse("virtualmachine", HostResponses.VmResponse.of(now, admin));
        });
    }

    private VmPowerAnswer send(Host host, Vm vm, boolean starting, boolean forced) throws ApiException {
        AgentCommand<VmPowerAnswer> command;
        if (starting) {
            StartVmCommand c = new StartVmCommand();
            c.vmUuid = vm.domainUuid();
            command = c;
        } else {
            StopVmCommand c = new StopVmCommand();
            c.vmUuid = vm.domainUuid();
            c.forced = forced;
            command = c;
        }
        VmPowerAnswer answer;
        try {
            answer = agents.apply(host).execute(command);
        } catch (AgentCallException e) {
            throw new ApiException(ApiErrorCode.RESOURCE_UNAVAILABLE, CsErrorCode.RESOURCE_UNAVAILABLE,
                    "The agent of host " + host.name() + " could not be asked to " + (starting ? "start" : "stop")
                            + " VM " + vm.name() + ": " + e.getMessage());
        }
        if (!answer.success) {
            String what = (starting ? "start" : "stop") + " VM " + vm.name() + " on host " + host.name();
            if (answer.errorCode == ErrorCode.BUSY) {
                throw ApiException.inUse("Could not " + what + ": the agent is working on the VM (" + answer.errorText
                        + "); try again when that has finished");
            }
            if (answer.errorCode == ErrorCode.NOT_FOUND) {
                throw ApiException.invalidParameter("Could not " + what + ": libvirt there no longer knows the VM ("
                        + answer.errorText + ")");
            }
            throw ApiException.internal("Could not " + what + ": " + answer.errorText + " (" + answer.errorCode + ")",
                    null);
        }
        LOG.info("VM {} ({}) on host {}: {}{} answered {} ({})", vm.name(), vm.uuid(), host.name(),
                starting ? "start" : "stop", forced ? " forced" : "", answer.state,
                answer.changed ? "changed" : "already so");
        return answer;
    }

    /**
     * Waits until the lifecycle feed has made the VM Stopped (it reads each host's events every
     * vm.events.interval), at most vm.stop.wait seconds; then fails, setting the VM back to Running.
     */
    private Vm awaitStopped(Vm vm) throws ApiException {
        int wait = stopWaitSeconds.getAsInt();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(wait);
        while (true) {
            Vm now = vms.findLive(vm.uuid()).orElse(null);
            if (now == null || !"Stopping".equals(now.state())) {
                return now == null ? vm : now; // Stopped, or taken over by what changed it (a start, a restore)
            }
            if (System.nanoTime() - deadline >= 0) {
                vms.updatePower(now.id(), "Stopping", "Running", now.powerState(), clock.instant());
                throw new ApiException(ApiErrorCode.RESOURCE_UNAVAILABLE, CsErrorCode.RESOURCE_UNAVAILABLE, "VM "
                        + vm.name() + " was asked to shut down but did not power off within " + wait + " s "
                        + "(vm.stop.wait); its guest may ignore shutdown requests (ACPI). It is still Running: stop "
                        + "it with forced=true, which powers it off at once");
            }
            try {
                Thread.sleep(STOP_POLL_MILLIS);
            } catch (InterruptedException e) {
                // This server is shutting down: nobody will wait for the guest any more, so the VM is what it
                // is, Running until the feed sees it off (discovery would also set it so, once the job fails).
                Thread.currentThread().interrupt();
                vms.updatePower(now.id(), "Stopping", "Running", now.powerState(), clock.instant());
                throw ApiException.internal("Interrupted while waiting for VM " + vm.name() + " to power off (the "
                        + "management server is shutting down); it is still Running", e);
            }
        }
    }

    /** Writes what the agent answered and reads the VM again. */
    private Vm record(Vm vm, VmPowerAnswer answer, boolean starting) {
        VmPowerState power = VmPowerState.fromLibvirt(answer.state == null ? null : answer.state.name());
        Vm now = vms.findLive(vm.uuid()).orElse(vm);
        if (power != VmPowerState.PowerUnknown) {
            String next = power.nextVmState(now.state());
            if (starting && power == VmPowerState.PowerOn && "Stopping".equals(next)) {
                next = "Running"; // started again while a shutdown was asked: it runs
            }
            if (!starting && power == VmPowerState.PowerOn && next.equals("Running")) {
                next = "Stopping"; // the guest was asked to shut down; the feed sees it go off
            }
            vms.updatePower(now.id(), now.state(), next, power.name(), clock.instant());
        }
        return vms.findLive(vm.uuid()).orElse(now);
    }
}
