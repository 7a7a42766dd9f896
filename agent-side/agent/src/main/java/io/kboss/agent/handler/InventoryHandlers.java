package io.kboss.agent.handler;

import io.kboss.agent.contract.AgentAnswer;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.GetHostInfoCommand;
import io.kboss.agent.contract.HostInfoAnswer;
import io.kboss.agent.contract.ListVmsAnswer;
import io.kboss.agent.contract.ListVmsCommand;
import io.kboss.agent.contract.VmInfo;
import io.kboss.agent.vm.HostInventory;
import io.kboss.agent.vm.VmInventory;
import java.util.List;
import java.util.Optional;

/** Host registration and VM discovery. */
public final class InventoryHandlers {
    private final HostInventory host;
    private final VmInventory vms;
    private final String agentId;
    private final String agentVersion;
    private final int maxConcurrentJobs;

    public InventoryHandlers(HostInventory host, VmInventory vms, String agentId, String agentVersion,
            int maxConcurrentJobs) {
        this.host = host;
        this.vms = vms;
        this.agentId = agentId;
        this.agentVersion = agentVersion;
        this.maxConcurrentJobs = maxConcurrentJobs;
    }

    public List<CommandHandler<?, ?>> handlers() {
        return List.of(
                Handlers.of(GetHostInfoCommand.NAME, GetHostInfoCommand.class, c -> {
                    HostInfoAnswer a = new HostInfoAnswer();
                    host.describe(a);
                    a.agentId = agentId;
                    a.agentVersion = agentVersion;
                    a.maxConcurrentJobs = maxConcurrentJobs;
                    return a;
                }),
                Handlers.of(ListVmsCommand.NAME, ListVmsCommand.class, c -> {
                    ListVmsAnswer a = new ListVmsAnswer();
                    if (c.vmUuid == null) {
                        a.vms = vms.listAll();
                        return a;
                    }
                    Optional<VmInfo> vm = vms.find(c.vmUuid);
                    if (vm.isEmpty()) {
                        return AgentAnswer.failure(a, ErrorCode.NOT_FOUND, "No VM " + c.vmUuid + " on this host");
                    }
                    a.vms.add(vm.get());
                    return a;
                }));
    }
}
