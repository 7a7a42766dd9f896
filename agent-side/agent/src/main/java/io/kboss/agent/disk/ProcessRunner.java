package io.kboss.agent.disk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs an external program from an argument list (never a shell string), bounded by a timeout,
 * with stdout and stderr captured. A non-zero exit or a timeout becomes an
 * {@link ExternalProgramException} whose message carries the program's stderr, because that is
 * where qemu-img and qemu-nbd say what went wrong.
 */
public class ProcessRunner {

    /** Output of a program that exited with an accepted status. */
    public record Output(int exitStatus, String stdout, String stderr) {
    }

    /** Runs the program and accepts only exit status 0. */
    public Output run(List<String> command, Duration timeout) {
        return run(command, timeout, Set.of(0));
    }

    /** Runs the program; an exit status outside {@code acceptedStatus} is an error. */
    public Output run(List<String> command, Duration timeout, Set<Integer> acceptedStatus) {
        Process process = start(command);
        return await(command, timeout, acceptedStatus, process, drain(process.getInputStream()),
                drain(process.getErrorStream()));
    }

    private static Output await(List<String> command, Duration timeout, Set<Integer> acceptedStatus, Process process,
            CompletableFuture<String> out, CompletableFuture<String> err) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new ExternalProgramException(
                        name(command) + " did not finish within " + timeout.toSeconds() + " s and was killed: "
                                + String.join(" ", command) + stderrSuffix(collect(err)) + ". Check that the storage"
                                + " answers, or raise the timeout.",
                        command, collect(err), null);
            }
            String stderr = collect(err);
            if (!acceptedStatus.contains(process.exitValue())) {
                throw new ExternalProgramException(
                        name(command) + " failed with exit status " + process.exitValue() + ": "
                                + String.join(" ", command) + stderrSuffix(stderr),
                        command, stderr, null);
            }
            return new Output(process.exitValue(), collect(out), stderr);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ExternalProgramException(name(command) + " was interrupted and killed", command, "", e);
        }
    }

    /**
     * Runs the program like {@link #run(List, Duration)} and hands every stdout line (split at
     * '\n' or '\r', as qemu-img -p redraws its progress with '\r') to {@code lines} as it comes.
     */
    public Output runStreaming(List<String> command, Duration timeout, java.util.function.Consumer<String> lines) {
        Process process = start(command);
        CompletableFuture<String> err = drain(process.getErrorStream());
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            StringBuilder all = new StringBuilder();
            StringBuilder line = new StringBuilder();
            try (java.io.Reader r = new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
                int c;
                while ((c = r.read()) != -1) {
                    all.append((char) c);
                    if (c == '\n' || c == '\r') {
                        if (line.length() > 0) {
                            lines.accept(line.toString());
                        }
                        line.setLength(0);
                    } else {
                        line.append((char) c);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return all.toString();
        });
        return await(command, timeout, Set.of(0), process, out, err);
    }

    /**
     * Starts a long-running helper (qemu-nbd) whose stderr is kept for the error of whoever stops
     * it. The caller must close the returned handle.
     */
    public RunningProgram startBackground(List<String> command) {
        Process process = start(command);
        return new RunningProgram(command, process, drain(process.getErrorStream()),
                drain(process.getInputStream()));
    }

    private static Process start(List<String> command) {
        try {
            return new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new ExternalProgramException("cannot start " + name(command) + " (" + e.getMessage()
                    + "); install it with bin/kboss-deps", command, "", e);
        }
    }

    static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static String collect(CompletableFuture<String> stream) {
        try {
            return stream.get(10, TimeUnit.SECONDS).trim();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } catch (ExecutionException | TimeoutException e) {
            return "";
        }
    }

    static String stderrSuffix(String stderr) {
        return stderr.isEmpty() ? "" : " — " + stderr;
    }

    static String name(List<String> command) {
        String program = command.get(0);
        return program.substring(program.lastIndexOf('/') + 1);
    }

    /** A helper program running in the background; closing it kills it. */
    public static final class RunningProgram implements AutoCloseable {
        private final List<String> command;
        private final Process process;
        private final CompletableFuture<String> stderr;
        private final CompletableFuture<String> stdout;

        RunningProgram(List<String> command, Process process, CompletableFuture<String> stderr,
                CompletableFuture<String> stdout) {
            this.command = command;
            this.process = process;
            this.stderr = stderr;
            this.stdout = stdout;
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** Fails with the program's stderr when it has already exited. */
        public void requireAlive() {
            if (!process.isAlive()) {
                throw new ExternalProgramException(name(command) + " exited early with status "
                        + process.exitValue() + ": " + String.join(" ", command) + stderrSuffix(collect(stderr)),
                        command, collect(stderr), null);
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            stdout.cancel(true);
        }
    }
}
