package io.kboss.agent.process;

import java.util.List;

/**
 * An external program (qemu-img, qemu-nbd, mount) could not start, exited with a status that is
 * not success, outlived its timeout, or was stopped by a cancel.
 *
 * <p>The message goes into answers that users read, so it names the program and its sub-command
 * ("qemu-img info"), how the run ended, and what the program reported with every absolute path cut
 * to its file name; it never carries the argument list. {@link #commandLine()} and
 * {@link #stderr()} are the whole truth, for the agent's log, where {@link ProcessRunner} writes
 * them when the run fails.
 */
public class ExternalProgramException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** How the run ended. */
    public enum Ending {
        NOT_STARTED, FAILED, TIMED_OUT, CANCELLED
    }

    private final List<String> command;
    private final String stderr;
    private final String reported;
    private final Ending ending;
    private final int exitStatus;

    /** {@code message} must already be fit for an answer: no argument list, no host path. */
    ExternalProgramException(String message, List<String> command, String stderr, Ending ending, int exitStatus,
            Throwable cause) {
        super(message, cause);
        this.command = List.copyOf(command);
        this.stderr = stderr;
        this.reported = ProgramText.report(stderr, command);
        this.ending = ending;
        this.exitStatus = exitStatus;
    }

    public List<String> command() {
        return command;
    }

    /** The command as one line, for the agent's log only (it shows host paths). */
    public String commandLine() {
        return String.join(" ", command);
    }

    /** What the program wrote to stderr, trimmed, paths and all; empty when it never ran. For logs. */
    public String stderr() {
        return stderr;
    }

    /**
     * What the program reported, fit for an answer: stderr with host paths cut to file names and
     * the program's own name prefix dropped, at most a few hundred characters; empty when it said
     * nothing.
     */
    public String reported() {
        return reported;
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
