package io.kboss.agent.disk;

import java.util.List;

/** An external program (qemu-img, qemu-nbd) failed, timed out or could not be started. */
public class ExternalProgramException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> command;
    private final String stderr;

    public ExternalProgramException(String message, List<String> command, String stderr, Throwable cause) {
        super(message, cause);
        this.command = List.copyOf(command);
        this.stderr = stderr;
    }

    public List<String> command() {
        return command;
    }

    /** What the program wrote to stderr, trimmed; empty when it never ran. */
    public String stderr() {
        return stderr;
    }
}
