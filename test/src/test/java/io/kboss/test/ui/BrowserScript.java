package io.kboss.test.ui;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
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
 *
 * <p>A script asks the test's fixture for what the page cannot do (write into a guest's disk,
 * power a VM off) with a line {@code KBOSS-LAB <id> <verb> <args...>} on stdout; the {@link Lab}
 * handler runs it and the answer goes back on the script's stdin as {@code <id> ok <text>} or
 * {@code <id> error <text>}.
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

    /** What the fixture does for a script's {@code KBOSS-LAB} request; answers a short text or throws. */
    @FunctionalInterface
    interface Lab {
        String handle(String verb, List<String> args) throws Exception;
    }

    static final String LAB_REQUEST = "KBOSS-LAB ";

    Result run(Map<String, String> environment, Duration timeout) throws IOException, InterruptedException {
        return run(environment, timeout, (verb, args) -> {
            throw new IllegalStateException("this test answers no KBOSS-LAB requests (" + verb + ")");
        });
    }

    Result run(Map<String, String> environment, Duration timeout, Lab lab) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of("node", script)).directory(uiResources.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> follow(process, output, lab), "browser-script-output");
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
            text = output.toString();
        }
        return new Result(finished ? process.exitValue() : -1, finished, text);
    }

    /** Keeps the script's output and answers its fixture requests, line by line, until it ends. */
    private static void follow(Process process, StringBuilder output, Lab lab) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); OutputStream answers = process.getOutputStream()) {
            for (String line; (line = in.readLine()) != null;) {
                synchronized (output) {
                    output.append(line).append('\n');
                }
                if (line.startsWith(LAB_REQUEST)) {
                    answers.write((answer(line.substring(LAB_REQUEST.length()), lab) + "\n")
                            .getBytes(StandardCharsets.UTF_8));
                    answers.flush();
                }
            }
        } catch (IOException e) {
            // Happens when the script was killed after its timeout; what was read so far is kept.
            synchronized (output) {
                output.append("\n[output ended: ").append(e.getMessage()).append("]\n");
            }
        }
    }

    private static String answer(String request, Lab lab) {
        List<String> words = Arrays.asList(request.trim().split("\\s+"));
        String id = words.get(0);
        try {
            String text = lab.handle(words.get(1), words.subList(2, words.size()));
            return id + " ok " + (text == null ? "" : text.replace('\n', ' '));
        } catch (Exception | AssertionError e) {
            return id + " error " + String.valueOf(e.getMessage()).replace('\n', ' ');
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
