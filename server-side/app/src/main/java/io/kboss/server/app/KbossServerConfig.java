package io.kboss.server.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * How to start a server. Build one with {@link #builder()} (tests) or {@link #load} (the command
 * line: a properties file, overridden by {@code KBOSS_*} environment variables).
 *
 * <pre>
 * kboss.jdbc.url=jdbc:mysql://127.0.0.1:3316/kboss
 * kboss.jdbc.user=kboss
 * kboss.jdbc.password=kboss
 * kboss.http.bind=0.0.0.0
 * kboss.http.port=8080
 * kboss.work=/var/lib/kboss
 * kboss.admin.password=...        (optional; generated and saved under kboss.work when absent)
 * kboss.server.name=kboss-server  (unique among the servers on one database)
 * kboss.operation.workers=16      (operations this server runs at once at most)
 * </pre>
 */
public final class KbossServerConfig {
    private final String jdbcUrl;
    private final String jdbcUser;
    private final String jdbcPassword;
    private final String bindAddress;
    private final int port;
    private final Path workFolder;
    private final String adminPassword;
    private final String serverName;
    private final Duration leaseDuration;
    private final Duration heartbeatInterval;
    private final List<Class<?>> extraConfigurations;
    private final Duration jobShutdownGrace;
    private final boolean showGeneratedPassword;
    private final Clock scheduleClock;
    private final int operationWorkers;

    private KbossServerConfig(Builder b) {
        this.jdbcUrl = Objects.requireNonNull(b.jdbcUrl, "jdbc url (kboss.jdbc.url / KBOSS_JDBC_URL) is required");
        this.jdbcUser = Objects.requireNonNull(b.jdbcUser, "jdbc user (kboss.jdbc.user / KBOSS_JDBC_USER) is required");
        this.jdbcPassword = b.jdbcPassword == null ? "" : b.jdbcPassword;
        this.bindAddress = b.bindAddress;
        this.port = b.port;
        this.workFolder = Objects.requireNonNull(b.workFolder, "working folder (kboss.work / KBOSS_WORK) is required");
        this.adminPassword = b.adminPassword;
        this.serverName = b.serverName;
        this.leaseDuration = b.leaseDuration;
        this.heartbeatInterval = b.heartbeatInterval;
        this.extraConfigurations = List.copyOf(b.extraConfigurations);
        this.jobShutdownGrace = b.jobShutdownGrace;
        this.showGeneratedPassword = b.showGeneratedPassword;
        this.scheduleClock = b.scheduleClock;
        this.operationWorkers = b.operationWorkers;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("HTTP port must be 0 (any free port) to 65535; got " + port);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads a properties file (may be null), then lets environment variables override it. */
    public static KbossServerConfig load(Path file, Map<String, String> env) throws IOException {
        Properties p = new Properties();
        if (file != null) {
            if (!Files.isReadable(file)) {
                throw new IOException("Configuration file " + file.toAbsolutePath() + " does not exist or is not "
                        + "readable; pass --config with the path of a kboss-server.properties file");
            }
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        }
        Builder b = builder()
                .jdbc(pick(p, env, "kboss.jdbc.url", "KBOSS_JDBC_URL"),
                        pick(p, env, "kboss.jdbc.user", "KBOSS_JDBC_USER"),
                        pick(p, env, "kboss.jdbc.password", "KBOSS_JDBC_PASSWORD"));
        String bind = pick(p, env, "kboss.http.bind", "KBOSS_HTTP_BIND");
        String port = pick(p, env, "kboss.http.port", "KBOSS_HTTP_PORT");
        String work = pick(p, env, "kboss.work", "KBOSS_WORK");
        b.http(bind == null ? "0.0.0.0" : bind, port == null ? 8080 : parsePort(port));
        if (work != null) {
            b.workFolder(Path.of(work));
        }
        b.adminPassword(pick(p, env, "kboss.admin.password", "KBOSS_ADMIN_PASSWORD"));
        String name = pick(p, env, "kboss.server.name", "KBOSS_SERVER_NAME");
        if (name != null) {
            b.serverName(name);
        }
        String workers = pick(p, env, "kboss.operation.workers", "KBOSS_OPERATION_WORKERS");
        if (workers != null) {
            try {
                b.operationWorkers(Integer.parseInt(workers.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("kboss.operation.workers must be a whole number of workers, 1 or "
                        + "more; got '" + workers + "'", e);
            }
        }
        return b.build();
    }

    private static int parsePort(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("kboss.http.port must be a number from 0 to 65535; got '" + text + "'",
                    e);
        }
    }

    private static String pick(Properties p, Map<String, String> env, String key, String envName) {
        String v = env.get(envName);
        if (v == null || v.isEmpty()) {
            v = p.getProperty(key);
        }
        return v == null || v.isEmpty() ? null : v.trim();
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String jdbcUser() {
        return jdbcUser;
    }

    public String jdbcPassword() {
        return jdbcPassword;
    }

    public String bindAddress() {
        return bindAddress;
    }

    public int port() {
        return port;
    }

    public Path workFolder() {
        return workFolder;
    }

    public String adminPassword() {
        return adminPassword;
    }

    public String serverName() {
        return serverName;
    }

    public Duration leaseDuration() {
        return leaseDuration;
    }

    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    public boolean showGeneratedPassword() {
        return showGeneratedPassword;
    }

    /** This configuration with the console announcement of a generated password switched on or off. */
    public KbossServerConfig withShowGeneratedPassword(boolean show) {
        return new KbossServerConfig(this, show);
    }

    private KbossServerConfig(KbossServerConfig o, boolean show) {
        this.jdbcUrl = o.jdbcUrl;
        this.jdbcUser = o.jdbcUser;
        this.jdbcPassword = o.jdbcPassword;
        this.bindAddress = o.bindAddress;
        this.port = o.port;
        this.workFolder = o.workFolder;
        this.adminPassword = o.adminPassword;
        this.serverName = o.serverName;
        this.leaseDuration = o.leaseDuration;
        this.heartbeatInterval = o.heartbeatInterval;
        this.extraConfigurations = o.extraConfigurations;
        this.jobShutdownGrace = o.jobShutdownGrace;
        this.showGeneratedPassword = show;
        this.scheduleClock = o.scheduleClock;
        this.operationWorkers = o.operationWorkers;
    }

    /** How many operations (backups, restores, deletes) this server runs at once at most. */
    public int operationWorkers() {
        return operationWorkers;
    }

    public Duration jobShutdownGrace() {
        return jobShutdownGrace;
    }

    /** The clock backup schedules fire by, when not the server's own (see {@link Builder#scheduleClock}). */
    public Optional<Clock> scheduleClock() {
        return Optional.ofNullable(scheduleClock);
    }

    /** Spring configurations loaded next to the framework and the kboss plugin. */
    public List<Class<?>> extraConfigurations() {
        return extraConfigurations;
    }

    @Override
    public String toString() {
        // No passwords here: this is logged at start.
        return "KbossServerConfig[jdbc " + jdbcUrl + " as " + jdbcUser + ", http " + bindAddress + ":" + port
                + ", work " + workFolder + ", admin password " + (adminPassword == null ? "generated" : "given") + "]";
    }

    public static final class Builder {
        private String jdbcUrl;
        private String jdbcUser;
        private String jdbcPassword;
        private String bindAddress = "127.0.0.1";
        private int port;
        private Path workFolder;
        private String adminPassword;
        private String serverName = "kboss-server";
        private Duration leaseDuration = Duration.ofSeconds(60);
        private Duration heartbeatInterval = Duration.ofSeconds(15);
        private final List<Class<?>> extraConfigurations = new ArrayList<>();
        private Duration jobShutdownGrace = Duration.ofSeconds(10);
        private boolean showGeneratedPassword = true;
        private Clock scheduleClock;
        private int operationWorkers = 16;

        public Builder jdbc(String url, String user, String password) {
            this.jdbcUrl = url;
            this.jdbcUser = user;
            this.jdbcPassword = password;
            return this;
        }

        /** Address to bind and port; port 0 takes any free port (see {@link KbossServer#port()}). */
        public Builder http(String bind, int httpPort) {
            this.bindAddress = bind;
            this.port = httpPort;
            return this;
        }

        public Builder workFolder(Path folder) {
            this.workFolder = folder;
            return this;
        }

        /** The admin's first password; null to generate one into {@code <work>/admin-credentials}. */
        public Builder adminPassword(String password) {
            this.adminPassword = password;
            return this;
        }

        public Builder serverName(String name) {
            this.serverName = name;
            return this;
        }

        /** Job lease and heartbeat; tests shorten them to see a dead server's jobs failed quickly. */
        public Builder jobLease(Duration lease, Duration heartbeat) {
            this.leaseDuration = lease;
            this.heartbeatInterval = heartbeat;
            return this;
        }

        /** How long close() waits for running jobs before failing them. */
        public Builder jobShutdownGrace(Duration grace) {
            this.jobShutdownGrace = grace;
            return this;
        }

        /**
         * The clock backup schedules fire by, instead of the server's. Tests share one settable clock
         * between servers and move it over many firings, while sessions, job leases and host heartbeats
         * keep the server's clock.
         */
        public Builder scheduleClock(Clock clock) {
            this.scheduleClock = clock;
            return this;
        }

        /**
         * How many operations this server runs at once at most (its dispatcher claims no more); the limits
         * in the settings bound them across all servers.
         */
        public Builder operationWorkers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("kboss.operation.workers must be 1 or more; got " + workers);
            }
            this.operationWorkers = workers;
            return this;
        }

        /** Adds a plugin's Spring {@code @Configuration} to the server's context. */
        public Builder plugin(Class<?> configuration) {
            this.extraConfigurations.add(configuration);
            return this;
        }

        public KbossServerConfig build() {
            return new KbossServerConfig(this);
        }
    }
}
