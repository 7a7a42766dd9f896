package io.kboss.agent.contract;

/**
 * A piece of a copy extract-backup-files wrote, for a server that does not mount the store (an NFS store is
 * mounted only by the hosts) and hands the copy out at its download link. Only files under the store's
 * {@code extracts/} folder are answered, at most {@link #MAX_LENGTH} bytes per call; the server asks piece
 * after piece while it streams the download. Sent by servers since issue 13's extractions on NFS stores.
 */
public class ReadExtractCommand extends AgentCommand<ExtractPieceAnswer> {
    public static final String NAME = "read-extract";
    /** The largest piece one call answers (Base64 makes the answer a third larger). */
    public static final int MAX_LENGTH = 4 << 20;
    public StoreRef store;
    /** The copy's path relative to the store's root, as extract-backup-files answered it. */
    public String path;
    /** Where the piece starts, in bytes from the file's start. */
    public long offset;
    /** How many bytes to read, 1 to {@link #MAX_LENGTH}; fewer come back at the file's end. */
    public int length;

    @Override
    public String commandName() {
        return NAME;
    }

    @Override
    public Class<ExtractPieceAnswer> answerType() {
        return ExtractPieceAnswer.class;
    }
}
