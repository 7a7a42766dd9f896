package io.kboss.agent.process;

import java.util.List;

/**
 * An external program (qemu-img, qemu-nbd, mount) could not start, exited with a status that is
 * not success, outlived its timeout, or was stopped by a cancel. The message names the command and
 * carries its stderr, because that is where these programs say what went wrong.
 */
public class ExternalProgramException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** How the run ended. */
    public enum Ending {
        NOT_STARTED, FAILED, TIMED_OUT, CANCELLED
    }

    private final List<String> command;
    private final String stderr;
    private final Ending ending;
    private final int exitStatus;

    public ExternalProgramException(String message, List<String> command, String stderr, Ending ending,
            int exitStatus, Throwable cause) {
        super(message, cause);
        this.command = List.copyOf(command);
        this.stderr = stderr;
        this.ending = ending;
        this.exitStatus = exitStatus;
    }

    public List<String> command() {
        return command;
    }

    /** What the program wrote to stderr, trimmed; empty when it never ran. */
    public String stderr() {
        return stderr;
    }

    public Ending ending() {
        return ending;
    }

    public boolean timedOut() {
        return ending == Ending.TIMED_OUT;
    }

    public boolean cancelled() {
        return ending == Ending.CANCELLED;
    }

    /** The exit status of a program that ran to its end; -1 otherwise. */
    public int exitStatus() {
        return exitStatus;
    }
}
