package io.kboss.agent.contract;

/**
 * Closes a chain on the VM side: removes every checkpoint of the VM (and the bitmaps behind them)
 * so the next backup is full, and normalizes a VM left in BackupError.
 */
public class FinishChainCommand extends AgentCommand<FinishChainAnswer> {
    public static final String NAME = "finish-chain";
    public String vmUuid;

    @Override
    public String commandName() {
        return NAME;
    }

    @Override
    public Class<FinishChainAnswer> answerType() {
        return FinishChainAnswer.class;
    }
}
