package io.kboss.test.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program a test needs (qemu-img, qemu-io, virsh, rm) from an argument list, never a shell,
 * bounded by a timeout. A failure is the test's: an AssertionError with the program's output.
 */
public final class Programs {

    private Programs() {
    }

    /** Runs {@code command}; answers its standard output and error, interleaved as it wrote them. */
    public static String run(List<String> command, Duration timeout) throws InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command.get(0) + ": " + e.getMessage()
                    + " (bin/kboss-deps installs the programs the tests use)", e);
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
            throw new AssertionError(command + " did not finish within " + timeout.toSeconds() + " s and was killed");
        }
        String output;
        try {
            output = out.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            output = "(output unreadable: " + e + ")";
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(command + " exited " + p.exitValue() + ": " + output);
        }
        return output;
    }

    private static String read(InputStream in) {
        try (in) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }
}
