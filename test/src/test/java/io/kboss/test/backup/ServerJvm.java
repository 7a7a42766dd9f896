package io.kboss.test.backup;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * kboss-server in a JVM of its own ({@code KbossServer.main}, configured by its {@code KBOSS_*}
 * environment variables), so a test can kill it with SIGKILL: no shutdown hook, no failed jobs, no
 * released VMs, its job leases simply stop being renewed, as when a management server's machine dies.
 */
final class ServerJvm {
    private final Process process;
    final String baseUrl;
    private final Path log;

    private ServerJvm(Process process, String baseUrl, Path log) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.log = log;
    }

    static ServerJvm start(String jdbcUrl, String user, String password, Path work, String adminPassword, Path log)
            throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "io.kboss.server.app.KbossServer"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(log.toString())));
        Map<String, String> env = pb.environment();
        env.put("KBOSS_JDBC_URL", jdbcUrl);
        env.put("KBOSS_JDBC_USER", user);
        env.put("KBOSS_JDBC_PASSWORD", password);
        env.put("KBOSS_HTTP_BIND", "127.0.0.1");
        env.put("KBOSS_HTTP_PORT", Integer.toString(port));
        env.put("KBOSS_WORK", work.toString());
        env.put("KBOSS_ADMIN_PASSWORD", adminPassword);
        ServerJvm server = new ServerJvm(pb.start(), "http://127.0.0.1:" + port, log);
        long end = System.nanoTime() + 180_000_000_000L;
        while (System.nanoTime() < end) {
            if (!server.process.isAlive()) {
                throw new AssertionError("kboss-server exited during start-up: " + Files.readString(log));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return server;
            } catch (java.io.IOException notYet) {
                Thread.sleep(200);
            }
        }
        server.kill();
        throw new AssertionError("kboss-server did not open port " + port + " within 180 s");
    }

    /** SIGKILL. */
    void kill() throws Exception {
        process.destroyForcibly().waitFor();
    }
}
