package io.kboss.agent.process;

import io.kboss.agent.domain.CancelToken;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One run of an external program as {@link ProcessRunner} takes it: the argument list (never a
 * shell string), the bound after which the program is killed, the exit statuses that count as
 * success, where stdout lines go while it runs (qemu-img -p progress), and the token that stops
 * it.
 *
 * <pre>
 *   runner.run(ProgramRun.of(List.of("qemu-img", "convert", ...), timeout).cancelledBy(job.cancel())
 *           .onStdoutLine(progress));
 * </pre>
 */
public record ProgramRun(List<String> command, Duration timeout, Set<Integer> acceptedStatus,
        Consumer<String> stdoutLines, CancelToken cancel) {

    private static final CancelToken NEVER = new CancelToken();

    public ProgramRun {
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a program run needs at least the program's name");
        }
        Objects.requireNonNull(timeout, "timeout");
        acceptedStatus = Set.copyOf(acceptedStatus);
        Objects.requireNonNull(stdoutLines, "stdoutLines");
        Objects.requireNonNull(cancel, "cancel");
    }

    /** Exit status 0 only, stdout collected, not cancellable other than by its timeout. */
    public static ProgramRun of(List<String> command, Duration timeout) {
        return new ProgramRun(command, timeout, Set.of(0), line -> {
        }, NEVER);
    }

    public ProgramRun accepting(Set<Integer> statuses) {
        return new ProgramRun(command, timeout, statuses, stdoutLines, cancel);
    }

    /** Every stdout line (split at '\n' and '\r', as qemu-img -p redraws with '\r') as it comes. */
    public ProgramRun onStdoutLine(Consumer<String> lines) {
        return new ProgramRun(command, timeout, acceptedStatus, lines, cancel);
    }

    /** The program is killed as soon as {@code token} is cancelled. */
    public ProgramRun cancelledBy(CancelToken token) {
        return new ProgramRun(command, timeout, acceptedStatus, stdoutLines, token);
    }
}
