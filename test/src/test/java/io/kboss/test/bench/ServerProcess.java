package io.kboss.test.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * kboss-server in a JVM of its own ({@code io.kboss.server.app.KbossServer.main}), so the load
 * generator neither shares its heap and garbage collector nor steals its JIT threads. It runs on
 * the benchmark's own class path and is configured through the {@code KBOSS_*} environment
 * variables the server reads; its output goes to a log file next to the results.
 */
final class ServerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final int port;
    private final Path log;
    private final List<String> jvmOptions;

    private ServerProcess(Process process, int port, Path log, List<String> jvmOptions) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.jvmOptions = jvmOptions;
    }

    /**
     * Starts the server and waits until {@code /client/api} answers.
     *
     * @param jvmOptions heap, GC and other options for the server JVM, recorded with the results
     * @param patch classes to load ahead of the server's own (a proposed fix), or null
     */
    static ServerProcess start(String jdbcUrl, String jdbcUser, String jdbcPassword, String adminPassword, Path work,
            List<String> jvmOptions, Path patch, Path log) throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add((patch == null ? "" : patch + java.io.File.pathSeparator) + System.getProperty("java.class.path"));
        command.add("io.kboss.server.app.KbossServer");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        Map<String, String> env = pb.environment();
        env.put("KBOSS_JDBC_URL", jdbcUrl);
        env.put("KBOSS_JDBC_USER", jdbcUser);
        env.put("KBOSS_JDBC_PASSWORD", jdbcPassword);
        env.put("KBOSS_HTTP_BIND", "127.0.0.1");
        env.put("KBOSS_HTTP_PORT", Integer.toString(port));
        env.put("KBOSS_WORK", work.toString());
        env.put("KBOSS_ADMIN_PASSWORD", adminPassword);
        ServerProcess server = new ServerProcess(pb.start(), port, log, List.copyOf(jvmOptions));
        try {
            server.awaitAnswering();
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    URI apiEndpoint() {
        return URI.create("http://127.0.0.1:" + port + "/client/api");
    }

    long pid() {
        return process.pid();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    List<String> jvmOptions() {
        return jvmOptions;
    }

    Path log() {
        return log;
    }

    private void awaitAnswering() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("kboss-server exited with status " + process.exitValue()
                        + " during start-up; its log " + log + " ends with:\n" + tail());
            }
            try {
                // Any answer will do (an anonymous call is refused with 401): the servlet is up.
                http.send(HttpRequest.newBuilder(apiEndpoint()).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException("kboss-server did not answer at " + apiEndpoint() + " within " + START_TIMEOUT
                + "; its log " + log + " ends with:\n" + tail());
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** SIGTERM (the server's shutdown hook stops HTTP, jobs and the pool), then a kill if it hangs. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
