package io.kboss.agent.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * Closes a chain on the VM side: removes the checkpoints (and their bitmaps) so the next backup
 * is full, and normalizes a VM left in BackupError.
 */
public class FinishChainCommand extends AgentCommand<FinishChainAnswer> {
    public static final String NAME = "finish-chain";
    public String vmUuid;
    /** The checkpoints to drop; empty means every checkpoint on the VM. */
    public List<String> checkpoints = new ArrayList<>();

    @Override
    public String commandName() {
        return NAME;
    }

    @Override
    public Class<FinishChainAnswer> answerType() {
        return FinishChainAnswer.class;
    }
}
