package io.kboss.test.ui;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the UI's node scripts under {@code ui-resources/browser-test/} with node from the
 * PATH. The script drives Debian's Chromium through playwright-core from ui-resources'
 * node_modules, which the kboss-ui build installs; nothing is downloaded here.
 *
 * <p>Settings go in through the environment so the admin password never shows in a process list;
 * stdout and stderr are merged and kept whole for the failure message.
 */
final class BrowserScript {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private final Path uiResources;
    private final String script;

    private BrowserScript(Path uiResources, String script) {
        this.uiResources = uiResources;
        this.script = script;
    }

    /** The script, located from the test module's folder (Surefire runs tests in test/). */
    static BrowserScript named(String script) {
        Path ui = Path.of(System.getProperty("kboss.ui.dir", "../ui-resources")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(ui.resolve(script))) {
            throw new IllegalStateException("The browser script " + ui.resolve(script) + " is missing; run the tests "
                    + "from a KBOSS checkout (or set -Dkboss.ui.dir to its ui-resources folder)");
        }
        if (!Files.isDirectory(ui.resolve("node_modules/playwright-core"))) {
            throw new IllegalStateException("playwright-core is not installed in " + ui + "/node_modules; build the UI "
                    + "first: mvn -B -pl ui-resources install");
        }
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException(CHROMIUM + " is missing; install Debian's chromium with bin/kboss-deps");
        }
        return new BrowserScript(ui, script);
    }

    Result run(Map<String, String> environment, Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of("node", script)).directory(uiResources.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(process.getInputStream(), output), "browser-script-output");
        reader.start();
        boolean finished = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            // SIGTERM first: the script then closes Chromium and removes its profile folder. What is
            // still running 10 s later is killed, Chromium (a child of node) included.
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        String text;
        synchronized (output) {
            text = output.toString(StandardCharsets.UTF_8);
        }
        return new Result(finished ? process.exitValue() : -1, finished, text);
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buffer)) > 0;) {
                synchronized (out) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // Happens when the script was killed after its timeout; what was read so far is kept.
            synchronized (out) {
                out.writeBytes(("\n[output ended: " + e.getMessage() + "]\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    record Result(int exitCode, boolean finished, String output) {
        boolean passed() {
            return finished && exitCode == 0;
        }

        String describe(String script, Duration timeout) {
            String how = finished
                    ? "exited with status " + exitCode
                    : "did not finish within " + timeout.toSeconds() + " s";
            return "The browser script " + script + " " + how + "; its output:\n" + output;
        }
    }
}
