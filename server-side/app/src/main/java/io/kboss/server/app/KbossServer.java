package io.kboss.server.app;

import com.zaxxer.hikari.HikariDataSource;
import io.kboss.db.SchemaUpgrader;
import io.kboss.db.UpgradeResult;
import io.kboss.plugin.backup.kboss.KbossPluginConfiguration;
import io.kboss.server.api.dispatch.ApiDispatcher;
import io.kboss.server.auth.Authenticator;
import io.kboss.server.backup.schedule.ScheduleClock;
import io.kboss.server.config.DatabasePool;
import io.kboss.server.config.FrameworkConfiguration;
import io.kboss.server.config.FrameworkProperties;
import io.kboss.server.backup.Downloads;
import io.kboss.server.http.HttpServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * The KBOSS management server: upgrades the schema, starts the Spring context (framework plus
 * plugins) and serves the API and UI over HTTP.
 *
 * <pre>
 * try (KbossServer s = KbossServer.start(KbossServerConfig.builder()
 *         .jdbc(url, "kboss", "kboss").http("127.0.0.1", 0).workFolder(dir).adminPassword("pw").build())) {
 *     String api = s.baseUrl() + "/client/api";
 * }
 * </pre>
 *
 * From the command line: {@code java -cp 'lib/*' io.kboss.server.app.KbossServer --config kboss-server.properties}
 * (see {@link KbossServerConfig} for the keys and environment variables).
 */
public final class KbossServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KbossServer.class);

    private final HikariDataSource dataSource;
    private final AnnotationConfigApplicationContext context;
    private final HttpServer http;
    private final String host;

    private KbossServer(HikariDataSource dataSource, AnnotationConfigApplicationContext context, HttpServer http,
            String host) {
        this.dataSource = dataSource;
        this.context = context;
        this.http = http;
        this.host = host;
    }

    public static KbossServer start(KbossServerConfig config) throws Exception {
        return start(config, Clock.systemUTC());
    }

    /** Starts with the given clock (tests pass a fixed or offset clock). */
    public static KbossServer start(KbossServerConfig config, Clock clock) throws Exception {
        LOG.info("Starting {}", config);
        HikariDataSource ds = dataSource(config);
        AnnotationConfigApplicationContext ctx = null;
        HttpServer http = null;
        try {
            UpgradeResult upgraded = new SchemaUpgrader(ds, clock).upgrade();
            LOG.info("Schema: {}", upgraded);
            FrameworkProperties props = new FrameworkProperties(config.serverName(), config.workFolder(),
                    config.adminPassword(), Duration.ofMinutes(30), config.leaseDuration(), config.heartbeatInterval(),
                    8,
                    config.jobShutdownGrace(), config.showGeneratedPassword(), config.operationWorkers(), true);
            ctx = new AnnotationConfigApplicationContext();
            ctx.registerBean(DataSource.class, () -> ds);
            ctx.registerBean(Clock.class, () -> clock);
            if (config.scheduleClock().isPresent()) {
                ScheduleClock scheduleClock = new ScheduleClock(config.scheduleClock().get());
                ctx.registerBean(ScheduleClock.class, () -> scheduleClock);
            }
            ctx.registerBean(FrameworkProperties.class, () -> props);
            ctx.register(FrameworkConfiguration.class, KbossPluginConfiguration.class);
            for (Class<?> extra : config.extraConfigurations()) {
                ctx.register(extra);
            }
            ctx.refresh();
            http = new HttpServer(config.bindAddress(), config.port(), ctx.getBean(ApiDispatcher.class),
                    ctx.getBean(Authenticator.class), ctx.getBeanProvider(Downloads.class).getIfAvailable());
            http.start();
            String host = config.bindAddress().equals("0.0.0.0") ? "127.0.0.1" : config.bindAddress();
            KbossServer server = new KbossServer(ds, ctx, http, host);
            LOG.info("KBOSS server answering at {}/client/api", server.baseUrl());
            return server;
        } catch (Exception | Error e) {
            closeQuietly(http, ctx, ds, e);
            throw e;
        }
    }

    /** The pool: every worker may hold a connection in its transactions, and requests need their own. */
    private static HikariDataSource dataSource(KbossServerConfig config) {
        return DatabasePool.open(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword(), "kboss-db",
                Math.max(16, config.operationWorkers() + 8));
    }

    /** The HTTP port actually bound. */
    public int port() {
        return http.port();
    }

    /** {@code http://host:port}, with a loopback host when bound to all addresses. */
    public String baseUrl() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + h + ":" + port();
    }

    /** The Spring context, for tests and embedders that need a bean. */
    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** Stops HTTP first, so no call arrives while jobs are being failed and the pool closes. */
    @Override
    public void close() throws Exception {
        closeQuietly(http, context, dataSource, null);
        LOG.info("KBOSS server stopped");
    }

    private static void closeQuietly(HttpServer http, AnnotationConfigApplicationContext ctx, HikariDataSource ds,
            Throwable primary) throws Exception {
        Exception first = null;
        try {
            if (http != null) {
                http.close();
            }
        } catch (Exception e) {
            first = e;
        }
        try {
            if (ctx != null) {
                ctx.close();
            }
        } catch (RuntimeException e) {
            first = first == null ? e : first;
        }
        ds.close();
        if (first != null) {
            if (primary != null) {
                primary.addSuppressed(first);
            } else {
                throw first;
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Path config = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                config = Path.of(args[++i]);
            } else {
                System.err.println("Usage: KbossServer [--config kboss-server.properties]  (unknown argument: "
                        + args[i] + ")");
                System.exit(2);
            }
        }
        KbossServer server;
        try {
            // A generated admin password goes to the terminal only; when output is redirected to a log
            // file it stays in <work>/admin-credentials alone.
            server = start(KbossServerConfig.load(config, System.getenv()).withShowGeneratedPassword(
                    System.console() != null));
        } catch (Exception e) {
            LOG.error("kboss-server did not start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                LOG.error("Error while stopping", e);
            } finally {
                stopped.countDown();
            }
        }, "kboss-shutdown"));
        stopped.await();
    }
}
