package io.kboss.agent.process;

import io.kboss.agent.domain.CancelToken;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's one way to run an external program (qemu-img, qemu-nbd, cp, mount): an argument
 * list, never a shell; a timeout after which the program and its children are killed; stdout and
 * stderr read while it runs (so a chatty program never blocks on a full pipe), stdout optionally
 * line by line; a {@link CancelToken} whose cancel kills the program at once. Every failure is an
 * {@link ExternalProgramException} whose message names the program and what it reported, without
 * its argument list or host paths (it reaches users); the whole command line and stderr go to the
 * agent's log here.
 *
 * <p>Nothing here interrupts or needs interrupting: a cancel reaches the program through the
 * token. A thread that is interrupted anyway while it waits kills the program too, and keeps its
 * interrupt.
 */
public class ProcessRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessRunner.class);
    /** How long to wait for a finished or killed program's output streams to close. */
    private static final long DRAIN_SECONDS = 10;
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kboss-program-output");
        t.setDaemon(true);
        return t;
    });

    /** Output of a program that exited with an accepted status. */
    public record Output(int exitStatus, String stdout, String stderr) {
    }

    /** Runs the program and accepts only exit status 0. */
    public Output run(List<String> command, Duration timeout) {
        return run(ProgramRun.of(command, timeout));
    }

    /** Runs the program; an exit status outside {@code acceptedStatus} is an error. */
    public Output run(List<String> command, Duration timeout, Set<Integer> acceptedStatus) {
        return run(ProgramRun.of(command, timeout).accepting(acceptedStatus));
    }

    public Output run(ProgramRun run) {
        CancelToken cancel = run.cancel();
        String label = ProgramText.label(run.command());
        if (cancel.isCancelled()) {
            throw failed(label + " was not started: " + cancel.reason(), run.command(), "",
                    ExternalProgramException.Ending.CANCELLED, -1, null);
        }
        Process process = start(run.command());
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()),
                READERS);
        CompletableFuture<String> out = CompletableFuture
                .supplyAsync(() -> readLines(process.getInputStream(), run.stdoutLines()), READERS);
        try (CancelToken.Registration kill = cancel.onCancel(() -> killTree(process))) {
            if (!process.waitFor(run.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(process);
                String stderr = collect(err);
                throw failed(label + " did not finish within " + run.timeout().toSeconds() + " s and was killed"
                        + reportSuffix(stderr, run.command()) + ". Check that the storage answers, or raise the"
                        + " timeout.", run.command(), stderr, ExternalProgramException.Ending.TIMED_OUT, -1, null);
            }
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw failed(label + " was killed: the thread waiting for it was interrupted", run.command(),
                    collect(err), ExternalProgramException.Ending.CANCELLED, -1, e);
        }
        int status = process.exitValue();
        String stderr = collect(err);
        if (run.acceptedStatus().contains(status)) {
            return new Output(status, collect(out), stderr);
        }
        if (cancel.isCancelled()) {
            throw failed(label + " was stopped: " + cancel.reason(), run.command(), stderr,
                    ExternalProgramException.Ending.CANCELLED, status, null);
        }
        throw failed(label + " failed with exit status " + status + reportSuffix(stderr, run.command()),
                run.command(), stderr, ExternalProgramException.Ending.FAILED, status, null);
    }

    /**
     * Starts a long-running helper (qemu-nbd) whose stderr is kept for the error of whoever stops
     * it. The caller must close the returned handle.
     */
    public RunningProgram startBackground(List<String> command) {
        Process process = start(command);
        return new RunningProgram(command, process,
                CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()), READERS),
                CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()), READERS));
    }

    private static Process start(List<String> command) {
        try {
            return new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw failed("Cannot start " + ProgramText.label(command) + " (" + ProgramText.withoutHostPaths(
                    String.valueOf(e.getMessage()), command) + "): install it with bin/kboss-deps", command, "",
                    ExternalProgramException.Ending.NOT_STARTED, -1, e);
        }
    }

    /**
     * The one place a failed run is logged, with its whole command line and stderr: the exception's
     * message goes into answers and leaves both out (see {@link ExternalProgramException}). A
     * cancel is what someone asked for, so it is logged below a warning. No command the agent runs
     * carries a secret in its arguments (the channel key and the pairing code never leave their
     * files), which is what makes the command line safe to log.
     */
    static ExternalProgramException failed(String message, List<String> command, String stderr,
            ExternalProgramException.Ending ending, int exitStatus, Throwable cause) {
        ExternalProgramException e = new ExternalProgramException(message, command, stderr, ending, exitStatus,
                cause);
        if (ending == ExternalProgramException.Ending.CANCELLED) {
            LOG.info("{} ({}): {}", e.commandLine(), message, stderr);
        } else {
            LOG.warn("{} ({}): {}", e.commandLine(), message, stderr.isEmpty() ? "no stderr" : stderr);
        }
        return e;
    }

    /** Kills the program and whatever it started (a pipe held by a child would block the readers). */
    static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return ""; // the program was killed; its exit status reports the failure
        }
    }

    private static String readLines(InputStream in, Consumer<String> sink) {
        StringBuilder all = new StringBuilder();
        StringBuilder line = new StringBuilder();
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            int c;
            while ((c = r.read()) >= 0) {
                all.append((char) c);
                if (c == '\n' || c == '\r') {
                    if (line.length() > 0) {
                        sink.accept(line.toString());
                        line.setLength(0);
                    }
                } else {
                    line.append((char) c);
                }
            }
            if (line.length() > 0) {
                sink.accept(line.toString());
            }
        } catch (IOException e) {
            // the program was killed; its exit status reports the failure
        }
        return all.toString();
    }

    static String collect(CompletableFuture<String> stream) {
        try {
            return stream.get(DRAIN_SECONDS, TimeUnit.SECONDS).trim();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } catch (ExecutionException | TimeoutException e) {
            return "";
        }
    }

    /** ": what the program reported", or nothing when it said nothing. */
    static String reportSuffix(String stderr, List<String> command) {
        String report = ProgramText.report(stderr, command);
        return report.isEmpty() ? "" : ": " + report;
    }

    /** A helper program running in the background; closing it stops it. */
    public static final class RunningProgram implements AutoCloseable {
        private final List<String> command;
        private final Process process;
        private final CompletableFuture<String> stderr;
        private final CompletableFuture<String> stdout;

        RunningProgram(List<String> command, Process process, CompletableFuture<String> stderr,
                CompletableFuture<String> stdout) {
            this.command = List.copyOf(command);
            this.process = process;
            this.stderr = stderr;
            this.stdout = stdout;
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** The helper's pid, for a leftover that kills it if the agent dies first. */
        public long pid() {
            return process.pid();
        }

        /** Fails with the program's stderr when it has already exited. */
        public void requireAlive() {
            if (!process.isAlive()) {
                String err = collect(stderr);
                throw failed(ProgramText.label(command) + " exited early with status " + process.exitValue()
                        + reportSuffix(err, command), command, err, ExternalProgramException.Ending.FAILED,
                        process.exitValue(), null);
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(DRAIN_SECONDS, TimeUnit.SECONDS)) {
                    killTree(process);
                    process.waitFor(DRAIN_SECONDS, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                killTree(process);
                Thread.currentThread().interrupt();
            }
            stdout.cancel(true);
        }
    }
}
