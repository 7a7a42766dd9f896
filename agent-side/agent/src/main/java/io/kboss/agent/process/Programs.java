package io.kboss.agent.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the agent's own external programs (mount, umount, cp, qemu-img for merges): an argument
 * list, never a shell; a timeout after which the program is killed; stderr in the error. Standard
 * output can be followed line by line (qemu-img -p progress), split on '\r' as well as '\n'.
 * An interrupt (a cancelled job) kills the program at once.
 */
public final class Programs {
    /** How long to wait for a killed program's output streams to close. */
    private static final long DRAIN_MILLIS = 2_000;

    public String run(List<String> command, Duration timeout) throws ProgramFailed {
        StringBuilder out = new StringBuilder();
        run(command, timeout, line -> out.append(line).append('\n'));
        return out.toString();
    }

    public void run(List<String> command, Duration timeout, Consumer<String> stdoutLines) throws ProgramFailed {
        String shown = String.join(" ", command);
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new ProgramFailed("Cannot start " + command.get(0) + " (" + e.getMessage()
                    + "): install it (bin/kboss-deps)", false, e);
        }
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        CompletableFuture<Void> out = CompletableFuture.runAsync(() -> lines(process.getInputStream(), stdoutLines));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new ProgramFailed(shown + " did not finish within " + timeout.toSeconds() + " s and was killed"
                        + suffix(err), true, null);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ProgramFailed(shown + " was stopped (the job was cancelled or the agent is stopping)", false, e);
        }
        try {
            out.get(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // Output not fully read; the exit status below still decides.
        }
        if (process.exitValue() != 0) {
            throw new ProgramFailed(shown + " failed with exit status " + process.exitValue() + suffix(err), false,
                    null);
        }
    }

    private static String suffix(CompletableFuture<String> err) {
        try {
            String s = err.get(DRAIN_MILLIS, TimeUnit.MILLISECONDS).trim();
            return s.isEmpty() ? "" : ": " + s;
        } catch (Exception e) {
            return "";
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void lines(InputStream in, Consumer<String> sink) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = r.read()) >= 0) {
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
            // The program was killed; its exit status reports the failure.
        }
    }
}
