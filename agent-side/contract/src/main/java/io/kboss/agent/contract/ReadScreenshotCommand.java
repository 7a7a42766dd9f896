package io.kboss.agent.contract;

/**
 * The PNG a validation wrote beside a backup on its store, for a server that does not mount the store
 * (an NFS store is mounted only by the hosts). Only a {@code .png} file inside the store, at most
 * {@link #MAX_BYTES}, that starts with PNG's signature is answered. Sent by servers since issue 10's
 * screenshots on NFS stores.
 */
public class ReadScreenshotCommand extends AgentCommand<ScreenshotAnswer> {
    public static final String NAME = "read-screenshot";
    /** A console screenshot is a few hundred KiB; anything far larger is not one. */
    public static final long MAX_BYTES = 32L << 20;
    public StoreRef store;
    /** The screenshot's path relative to the store's root, as validate-backup answered it. */
    public String path;

    @Override
    public String commandName() {
        return NAME;
    }

    @Override
    public Class<ScreenshotAnswer> answerType() {
        return ScreenshotAnswer.class;
    }
}
