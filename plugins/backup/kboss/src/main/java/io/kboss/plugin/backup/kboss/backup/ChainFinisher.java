package io.kboss.plugin.backup.kboss.backup;

import io.kboss.server.backup.Transactions;
import io.kboss.server.backup.VmAccess;
import io.kboss.server.backup.VmRef;
import io.kboss.server.backup.VmInventory;
import io.kboss.agent.contract.FinishChainAnswer;
import io.kboss.agent.contract.FinishChainCommand;
import io.kboss.agent.contract.client.AgentCallException;
import io.kboss.plugin.backup.kboss.domain.chain.ChainEnd;
import io.kboss.plugin.backup.kboss.domain.lifecycle.VmBackupEvent;
import io.kboss.plugin.backup.kboss.domain.lifecycle.VmBackupState;
import io.kboss.server.api.ApiErrorCode;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.api.CsErrorCode;
import io.kboss.server.backup.AgentChannels;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationQueue;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.transaction.support.TransactionOperations;

/**
 * finishBackupChain: asks the VM's agent to drop the VM's checkpoints and bitmaps (which also
 * clears leftovers of a failed backup), then closes every chain of the VM and moves a VM in
 * BackupError back to normal. The VM row stays locked throughout, so no backup of the VM can be
 * requested in between; the agent call is short (no job). If the agent cannot do it, nothing
 * changes on the server and a VM in BackupError stays there, with the agent's reason.
 */
public class ChainFinisher {
    private final VmInventory vms;
    private final ChainRepository chains;
    private final OperationQueue queue;
    private final AgentChannels agents;
    private final TransactionOperations tx;
    private final Clock clock;

    public ChainFinisher(VmInventory vms, ChainRepository chains, OperationQueue queue, AgentChannels agents,
            TransactionOperations tx, Clock clock) {
        this.vms = vms;
        this.chains = chains;
        this.queue = queue;
        this.agents = agents;
        this.tx = tx;
        this.clock = clock;
    }

    /** @return the checkpoints the agent removed */
    public List<String> finish(Caller caller, String vmUuid) throws ApiException {
        return Transactions.run(tx, () -> {
            VmRef vm = VmAccess.require(vms.lockLive(vmUuid), vmUuid, caller);
            Optional<Operation> holder = queue.liveOnVm(vm.id());
            if (holder.isPresent()) {
                throw new ApiException(ApiErrorCode.PARAM_ERROR, CsErrorCode.CONCURRENT_OPERATION, "Cannot finish "
                        + "the backup chain of VM " + vm.label() + " now: " + queue.describeHolder(holder.get())
                        + "; retry when it has finished");
            }
            if (vm.hostId() == null) {
                throw ApiException.invalidParameter("VM " + vm.name() + " is on no known host, so its checkpoints "
                        + "cannot be removed; retry when discovery has placed it on a host");
            }
            FinishChainCommand command = new FinishChainCommand();
            command.vmUuid = vm.libvirtUuid();
            String failure;
            FinishChainAnswer answer = null;
            try {
                answer = agents.forHost(vm.hostId()).execute(command);
                failure = answer.success ? null : answer.errorText;
            } catch (AgentCallException | RuntimeException e) {
                failure = e.getMessage();
            }
            VmBackupState state = VmBackupState.of(vm.state());
            if (failure != null) {
                if (state == VmBackupState.BACKUP_ERROR) {
                    vms.setState(vm.id(), state.next(VmBackupEvent.NORMALIZATION_FAILED).apiName());
                }
                throw ApiException.internal("The agent of VM " + vm.name() + "'s host could not finish its backup "
                        + "chain: " + failure + ". Nothing was changed; fix the cause and run finishBackupChain "
                        + "again", null);
            }
            chains.closeAll(vm.id(), ChainEnd.FINISHED, clock.instant());
            VmBackupState next = state.next(VmBackupEvent.CHAIN_FINISHED);
            if (next != state) {
                vms.setState(vm.id(), vm.powerStateName());
            }
            return answer.removedCheckpoints;
        });
    }
}
