package io.kboss.test.support;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Java main class in a JVM of its own, on this JVM's class path, its output appended to a log file.
 * Its own JVM is what lets a test kill it with SIGKILL ({@link #kill}): no shutdown hook runs, nothing
 * is cleaned up or released, as when the machine it runs on dies. {@link #close} is the polite stop
 * (SIGTERM, then SIGKILL if it hangs).
 */
public final class JvmProcess implements AutoCloseable {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path log;

    private JvmProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static Builder builder(String mainClass) {
        return new Builder(mainClass);
    }

    /** The command line and environment of the JVM. */
    public static final class Builder {
        private final String mainClass;
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<String> arguments = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Path classPathFirst;
        private Path log;

        private Builder(String mainClass) {
            this.mainClass = mainClass;
        }

        /** Heap, GC and other options, before the class path. */
        public Builder jvmOptions(List<String> options) {
            jvmOptions.addAll(options);
            return this;
        }

        /** Classes loaded ahead of the class path's own (a proposed fix to measure), or null for none. */
        public Builder classPathFirst(Path folder) {
            this.classPathFirst = folder;
            return this;
        }

        public Builder arguments(String... more) {
            arguments.addAll(List.of(more));
            return this;
        }

        public Builder environment(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /** Where standard output and error go (appended: a restarted process keeps one log). */
        public Builder log(Path file) {
            this.log = file;
            return this;
        }

        public JvmProcess start() throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add("-cp");
            command.add((classPathFirst == null ? "" : classPathFirst + File.pathSeparator)
                    + System.getProperty("java.class.path"));
            command.add(mainClass);
            command.addAll(arguments);
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(environment);
            return new JvmProcess(pb.start(), log);
        }
    }

    /**
     * Waits until something accepts TCP connections on 127.0.0.1:{@code port}. Fails at once, with the
     * log's tail, if the process exits meanwhile; kills it if the port stays closed past {@code timeout}.
     */
    public void awaitListening(int port, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new AssertionError(describe() + " exited with status " + process.exitValue()
                        + " while starting; its log " + log + " ends with:\n" + logTail());
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        process.destroyForcibly().waitFor();
        throw new AssertionError(describe() + " did not open port " + port + " within " + timeout.toSeconds()
                + " s and was killed; its log " + log + " ends with:\n" + logTail());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public Path log() {
        return log;
    }

    /** The last 30 lines of its log. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** SIGKILL, and waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM (its shutdown hooks run), then SIGKILL if it has not ended within 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** A port free on the loopback address now (another process may take it before ours opens it). */
    public static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private String describe() {
        return "the JVM " + process.pid();
    }
}
