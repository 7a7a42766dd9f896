package io.kboss.test.support;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * kboss-server ({@code KbossServer.main}) in a JVM of its own, configured through the {@code KBOSS_*}
 * environment variables it reads, on a free loopback port. A test kills it ({@link #kill}: its job
 * leases simply stop being renewed, as when a management server's machine dies); a benchmark keeps the
 * load generator out of its heap, garbage collector and JIT threads.
 */
public final class ServerJvm implements AutoCloseable {
    private static final String MAIN_CLASS = "io.kboss.server.app.KbossServer";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final JvmProcess jvm;
    private final int port;

    private ServerJvm(JvmProcess jvm, int port) {
        this.jvm = jvm;
        this.port = port;
    }

    /** A server on the database at {@code jdbcUrl}, which it upgrades at start-up. */
    public static Builder builder(String jdbcUrl, String jdbcUser, String jdbcPassword) {
        return new Builder(jdbcUrl, jdbcUser, jdbcPassword);
    }

    public static final class Builder {
        private final String jdbcUrl;
        private final String jdbcUser;
        private final String jdbcPassword;
        private Path work;
        private String adminPassword;
        private Path log;
        private Consumer<JvmProcess.Builder> jvm = j -> {
        };

        private Builder(String jdbcUrl, String jdbcUser, String jdbcPassword) {
            this.jdbcUrl = jdbcUrl;
            this.jdbcUser = jdbcUser;
            this.jdbcPassword = jdbcPassword;
        }

        /** Its working folder (KBOSS_WORK): the key that seals agent channel keys lives there. */
        public Builder work(Path folder) {
            this.work = folder;
            return this;
        }

        /** The admin's password, set when the database has no admin yet. */
        public Builder adminPassword(String password) {
            this.adminPassword = password;
            return this;
        }

        /** Where its output goes (appended). */
        public Builder log(Path file) {
            this.log = file;
            return this;
        }

        /** More of its JVM's command line: heap and GC options, classes ahead of the server's own. */
        public Builder jvm(Consumer<JvmProcess.Builder> more) {
            this.jvm = more;
            return this;
        }

        /** Starts it and waits until its HTTP port is open (the port opens after the Spring context is up). */
        public ServerJvm start() throws Exception {
            int port = JvmProcess.freeLoopbackPort();
            JvmProcess.Builder b = JvmProcess.builder(MAIN_CLASS).environment("KBOSS_JDBC_URL", jdbcUrl)
                    .environment("KBOSS_JDBC_USER", jdbcUser)
                    .environment("KBOSS_JDBC_PASSWORD", jdbcPassword).environment("KBOSS_HTTP_BIND", "127.0.0.1")
                    .environment("KBOSS_HTTP_PORT", Integer.toString(port))
                    .environment("KBOSS_WORK", work.toString()).environment("KBOSS_ADMIN_PASSWORD", adminPassword)
                    .log(log);
            jvm.accept(b);
            JvmProcess started = b.start();
            started.awaitListening(port, START_TIMEOUT);
            return new ServerJvm(started, port);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public URI apiEndpoint() {
        return URI.create(baseUrl() + "/client/api");
    }

    /** Its JVM: pid, process handle, log. */
    public JvmProcess jvm() {
        return jvm;
    }

    /** SIGKILL: no shutdown hook, no failed jobs, no released VMs. */
    public void kill() throws InterruptedException {
        jvm.kill();
    }

    /** SIGTERM (its shutdown hook stops HTTP, jobs and the pool), then SIGKILL if it hangs. */
    @Override
    public void close() throws InterruptedException {
        jvm.close();
    }
}
