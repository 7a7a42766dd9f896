package io.kboss.agent.job;

import java.util.Optional;

/**
 * The cleanup of the running agent: files here, VM-side leftovers (frozen guest, paused VM, libvirt
 * job, checkpoint) by the VM cleaner. A kind no cleaner handles is reported, never ignored.
 */
public final class AgentLeftoverCleaner implements LeftoverCleaner {
    private final LeftoverCleaner vmCleaner;

    public AgentLeftoverCleaner(LeftoverCleaner vmCleaner) {
        this.vmCleaner = vmCleaner;
    }

    @Override
    public String cleanUp(Leftover leftover) throws Exception {
        return switch (leftover.kind()) {
            case PARTIAL_FILE -> FileLeftovers.delete(leftover);
            case SCRATCH_FOLDER -> FileLeftovers.deleteFolder(leftover);
            case SET_ASIDE_VOLUME -> FileLeftovers.putBack(leftover);
            case HELPER_PROCESS -> killHelper(leftover);
            default -> vmCleaner.cleanUp(leftover);
        };
    }

    /** Kills a helper (qemu-nbd) only if the pid still runs the same program: pids are reused. */
    private static String killHelper(Leftover leftover) {
        String[] parts = leftover.value().split(":", 2);
        long pid = Long.parseLong(parts[0]);
        String program = parts.length > 1 ? parts[1] : "";
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().info().command().map(c -> c.endsWith(program)).orElse(false)) {
            return "helper " + leftover.value() + " was already gone";
        }
        p.get().destroyForcibly();
        return "killed helper " + leftover.value();
    }
}
