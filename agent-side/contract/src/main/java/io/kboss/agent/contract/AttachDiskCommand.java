package io.kboss.agent.contract;

/**
 * Attaches a standalone qcow2 file on the host to a VM as a new virtio disk at the next free
 * target (vdb, vdc, ...): to the running VM and its persistent definition when it runs, to the
 * definition only when it is stopped. Refused for a file with a backing file, a file another
 * process holds open, and a file the VM already uses.
 */
public class AttachDiskCommand extends AgentCommand<AttachDiskAnswer> {
    public static final String NAME = "attach-disk";
    public String vmUuid;
    /** Absolute path of the qcow2 file on the host. */
    public String path;
    /**
     * When the attach fails, delete {@code path} (only if no disk of the VM uses it). For a file the
     * caller has just written for this attach, so a failure leaves nothing behind.
     */
    public boolean removeFileIfNotAttached;

    @Override
    public String commandName() {
        return NAME;
    }

    @Override
    public Class<AttachDiskAnswer> answerType() {
        return AttachDiskAnswer.class;
    }
}
