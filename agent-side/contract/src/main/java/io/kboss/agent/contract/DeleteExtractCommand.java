package io.kboss.agent.contract;

/**
 * Deletes a copy extract-backup-files wrote once its download link expired, for a server that does not mount
 * the store. Only files under the store's {@code extracts/} folder; a file already gone is a success.
 */
public class DeleteExtractCommand extends AgentCommand<AgentAnswer> {
    public static final String NAME = "delete-extract";
    public StoreRef store;
    /** The copy's path relative to the store's root, as extract-backup-files answered it. */
    public String path;

    @Override
    public String commandName() {
        return NAME;
    }

    @Override
    public Class<AgentAnswer> answerType() {
        return AgentAnswer.class;
    }
}
