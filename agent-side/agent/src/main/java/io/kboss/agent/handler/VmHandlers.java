package io.kboss.agent.handler;

import io.kboss.agent.contract.AgentAnswer;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.StartVmCommand;
import io.kboss.agent.contract.StopVmCommand;
import io.kboss.agent.contract.VmEventsCommand;
import io.kboss.agent.contract.VmPowerAnswer;
import io.kboss.agent.job.JobManager;
import io.kboss.agent.job.JobRejected;
import io.kboss.agent.vm.VmEventFeed;
import io.kboss.agent.vm.VmPower;
import java.util.List;

/**
 * vm-events (the lifecycle feed), start-vm and stop-vm, all answered at once. Starting and
 * stopping hold the VM against jobs for the moment they take (a restore must never find its VM
 * started under it).
 */
public final class VmHandlers {
    private final VmEventFeed feed;
    private final VmPower power;
    private final JobManager jobs;

    public VmHandlers(VmEventFeed feed, VmPower power, JobManager jobs) {
        this.feed = feed;
        this.power = power;
        this.jobs = jobs;
    }

    public List<CommandHandler<?, ?>> handlers() {
        return List.of(
                Handlers.of(VmEventsCommand.NAME, VmEventsCommand.class,
                        c -> feed.since(c.feedId, c.afterSequence, c.maxEvents)),
                Handlers.of(StartVmCommand.NAME, StartVmCommand.class, this::start),
                Handlers.of(StopVmCommand.NAME, StopVmCommand.class, this::stop));
    }

    private VmPowerAnswer start(StartVmCommand c) throws Exception {
        requireUuid(c.vmUuid, "start-vm");
        try (JobManager.VmClaim claim = jobs.claimVm(c.vmUuid, "starting it")) {
            return power.start(c.vmUuid, c.domainXml);
        } catch (JobRejected e) {
            return AgentAnswer.failure(new VmPowerAnswer(), e.code(), e.getMessage());
        } catch (VmPower.UnknownVm e) {
            return AgentAnswer.failure(new VmPowerAnswer(), ErrorCode.NOT_FOUND, e.getMessage());
        }
    }

    private VmPowerAnswer stop(StopVmCommand c) throws Exception {
        requireUuid(c.vmUuid, "stop-vm");
        try (JobManager.VmClaim claim = jobs.claimVm(c.vmUuid, c.forced ? "powering it off" : "shutting it down")) {
            return power.stop(c.vmUuid, c.forced);
        } catch (JobRejected e) {
            return AgentAnswer.failure(new VmPowerAnswer(), e.code(), e.getMessage());
        } catch (VmPower.UnknownVm e) {
            return AgentAnswer.failure(new VmPowerAnswer(), ErrorCode.NOT_FOUND, e.getMessage());
        }
    }

    private static void requireUuid(String vmUuid, String command) {
        if (vmUuid == null || vmUuid.isBlank()) {
            throw new IllegalArgumentException(command + " needs vmUuid");
        }
    }
}
