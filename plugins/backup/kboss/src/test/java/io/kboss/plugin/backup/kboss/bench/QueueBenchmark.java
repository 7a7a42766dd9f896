package io.kboss.plugin.backup.kboss.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.kboss.db.SchemaUpgrader;
import io.kboss.db.testing.TestDatabase;
import io.kboss.server.config.DatabasePool;
import io.kboss.test.support.JvmProcess;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The operation queue under a burst (issue 8): several management servers, each in its own JVM
 * ({@link QueueBenchServer}), on one MariaDB; thousands of VMs over a hundred hosts behind the fake
 * agents; every VM's backup queued in one transaction; limits 50 cloud-wide and 2 per host. One server
 * is killed with SIGKILL mid-burst. What it reports (to {@code <out>/queue-<time>.md} and stdout):
 *
 * <ul>
 * <li>claims per second, from the first claim to the last (and before the kill);</li>
 * <li>p50/p99/max time from admissible to claimed: each claim is paired, in time order, with the slot
 * it filled (the 50 slots free at the commit, then one per operation that ended), so the figure is how
 * long a free slot waited for a server to fill it (the per-host limit is not modelled);</li>
 * <li>the most operations ever RUNNING at once, and on one host, sampled from the database every few
 * milliseconds;</li>
 * <li>double claims (an operation claimed twice: attempts above 1) and double runs (an agent job
 * started twice for one operation other than by the adoption of a killed server's work);</li>
 * <li>what the kill cost: the killed server's running operations, when they were adopted, and whether
 * every operation still ended SUCCEEDED with its backup BackedUp.</li>
 * </ul>
 *
 * <p>Run it with {@code plugins/backup/kboss/bench/queue-benchmark} (options there); {@code mvn verify}
 * never runs it (not a {@code *Test}). Results and method: docs/BENCHMARKS.md.
 */
public final class QueueBenchmark {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final Map<String, String> options;
    private final int vms;
    private final int hosts;
    private final int servers;
    private final int workers;
    private final int limit;
    private final int perHost;
    private final double killAt;
    private final int lease;
    private final int heartbeat;
    private final String layout;
    private final Path out;

    private QueueBenchmark(Map<String, String> options) {
        this.options = options;
        vms = Integer.parseInt(options.getOrDefault("vms", "10000"));
        hosts = Integer.parseInt(options.getOrDefault("hosts", "100"));
        servers = Integer.parseInt(options.getOrDefault("servers", "3"));
        workers = Integer.parseInt(options.getOrDefault("workers", "24"));
        limit = Integer.parseInt(options.getOrDefault("limit", "50"));
        perHost = Integer.parseInt(options.getOrDefault("per-host", "2"));
        killAt = Double.parseDouble(options.getOrDefault("kill-at", "0.4"));
        lease = Integer.parseInt(options.getOrDefault("lease", "60"));
        heartbeat = Integer.parseInt(options.getOrDefault("heartbeat", "15"));
        layout = options.getOrDefault("layout", "random");
        out = Path.of(options.getOrDefault("out", ".work/queue-bench"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("options are --name value pairs: " + Arrays.toString(args));
            }
            options.put(args[i].substring(2), args[++i]);
        }
        new QueueBenchmark(options).run();
    }

    /** Load averages of the machine, sampled while the benchmark runs. */
    private static final class LoadSampler extends Thread {
        final List<Double> oneMinute = new ArrayList<>();
        volatile boolean stop;

        LoadSampler() {
            super("load-sampler");
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!stop) {
                synchronized (oneMinute) {
                    oneMinute.add(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        double average() {
            synchronized (oneMinute) {
                return oneMinute.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            }
        }
    }

    private void run() throws Exception {
        Files.createDirectories(out);
        Instant began = Instant.now();
        Path folder = Files.createTempDirectory(out.toAbsolutePath(), "run-");
        LoadSampler load = new LoadSampler();
        load.start();
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<JvmProcess> jvms = new ArrayList<>();
        try (TestDatabase db = TestDatabase.create("queue_bench");
                HikariDataSource pool = pool(db.jdbcUrl())) {
            SchemaUpgrader.forUrl(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD, Clock.systemUTC())
                    .upgrade();
            JdbcTemplate sql = new JdbcTemplate(pool);
            settings(sql);
            List<Long> serverIds = new ArrayList<>();
            for (int i = 1; i <= servers; i++) {
                String name = "bench-ms" + i;
                JvmProcess jvm = JvmProcess.builder(QueueBenchServer.class.getName())
                        .jvmOptions(List.of("-Xms128m", "-Xmx384m"))
                        .arguments(db.jdbcUrl(), name, Integer.toString(workers), Integer.toString(lease),
                                Integer.toString(heartbeat), folder.toString())
                        .log(folder.resolve(name + ".log")).start();
                jvms.add(jvm);
                serverIds.add(awaitReady(jvm, folder.resolve(name + ".ready")));
            }
            long setupStart = System.nanoTime();
            fixtures(sql, folder);
            double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
            System.out.printf(Locale.ROOT, "queue-bench: %d VMs on %d hosts ready in %.1f s; %d servers up%n", vms,
                    hosts, setupSeconds, servers);

            Sampler sampler = new Sampler(pool);
            sampler.start();
            Map<String, Long> statusBefore = statements(sql);
            Instant committed = enqueue(pool, sql);
            System.out.printf("queue-bench: %d backups queued at %s%n", vms, committed);

            int victim = servers - 1;
            long killedId = serverIds.get(victim);
            Instant killedAt = null;
            Set<String> runningOnVictim = new HashSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(600L + 3L * lease).toNanos();
            while (System.nanoTime() < deadline) {
                Map<String, Long> states = states(sql);
                long started = sql.queryForObject("SELECT COUNT(*) FROM operation WHERE started IS NOT NULL",
                        Long.class);
                if (killedAt == null && servers > 1 && started >= killAt * vms) {
                    jvms.get(victim).kill();
                    killedAt = Instant.now();
                    runningOnVictim.addAll(sql.queryForList("SELECT uuid FROM operation WHERE picked_by = ? AND"
                            + " state = 'RUNNING'", String.class, killedId));
                    System.out.printf("queue-bench: killed bench-ms%d (mshost %d) at %s with %d operations running"
                            + "%n", victim + 1, killedId, killedAt, runningOnVictim.size());
                }
                if (states.getOrDefault("QUEUED", 0L) + states.getOrDefault("RUNNING", 0L) == 0) {
                    break;
                }
                Thread.sleep(200);
            }
            sampler.stopAndJoin();
            Map<String, Long> statusAfter = statements(sql);
            load.stop = true;
            Report r = measure(sql, committed, killedAt, killedId, runningOnVictim, folder, sampler);
            statusAfter.forEach((k, v) -> r.statements.put(k, (v - statusBefore.getOrDefault(k, 0L)) / (double) vms));
            // The servers stop (their operations all ended) before the database is dropped.
            for (JvmProcess j : jvms) {
                j.close();
            }
            r.setupSeconds = setupSeconds;
            r.loadBefore = loadBefore;
            r.loadAverage = load.average();
            r.loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            String text = r.markdown(this, began);
            Path report = out.resolve("queue-" + STAMP.format(began) + ".md");
            Files.writeString(report, text);
            System.out.println(text);
            System.out.println("queue-bench: report " + report.toAbsolutePath());
        } finally {
            load.stop = true;
            for (JvmProcess j : jvms) {
                j.close();
            }
        }
    }

    private static HikariDataSource pool(String url) {
        return DatabasePool.open(url, TestDatabase.USER, TestDatabase.PASSWORD, "queue-bench", 4);
    }

    /**
     * The limits, and a host monitor that never marks the fake hosts Down: they have no agent to ping,
     * so the one round a server runs at start finds them Disconnected, which admission does not skip.
     */
    private void settings(JdbcTemplate sql) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("backup.max.concurrent.operations", Integer.toString(limit));
        values.put("backup.max.concurrent.operations.per.host", Integer.toString(perHost));
        values.put("host.ping.interval", "3600");
        values.put("host.ping.timeout", "1000");
        values.forEach((name, value) -> sql.update("INSERT INTO configuration_value (name, scope, scope_id, value,"
                + " updated) VALUES (?, 'GLOBAL', 0, ?, UTC_TIMESTAMP(3))", name, value));
    }

    private static long awaitReady(JvmProcess jvm, Path ready) throws Exception {
        long end = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(ready) && !Files.readString(ready).isBlank()) {
                return Long.parseLong(Files.readString(ready).trim());
            }
            if (!jvm.isAlive()) {
                throw new IllegalStateException("a benchmark server exited while starting; its log ends with:\n"
                        + jvm.logTail());
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("a benchmark server did not start in 5 minutes; its log ends with:\n"
                + jvm.logTail());
    }

    /** A zone with a store and a kboss offering, the hosts, and the VMs (one qcow2 disk each). */
    private void fixtures(JdbcTemplate sql, Path folder) {
        sql.update("INSERT INTO zone (uuid, name, created) VALUES (UUID(), 'bench', UTC_TIMESTAMP(3))");
        long zone = sql.queryForObject("SELECT id FROM zone WHERE name = 'bench'", Long.class);
        sql.update("INSERT INTO image_store (uuid, name, zone_id, protocol, url, path, used_bytes, created) VALUES"
                + " (UUID(), 'bench-store', ?, 'file', ?, ?, 0, UTC_TIMESTAMP(3))", zone,
                "file://" + folder.resolve("store"), folder.resolve("store").toString());
        sql.update("INSERT INTO backup_offering (uuid, name, description, zone_id, provider, external_id,"
                + " user_driven_backups, created) VALUES (UUID(), 'bench-gold', 'gold', ?, 'kboss', 'bench-gold', 1,"
                + " UTC_TIMESTAMP(3))", zone);
        long offering = sql.queryForObject("SELECT id FROM backup_offering WHERE name = 'bench-gold'", Long.class);
        sql.update("INSERT INTO host (uuid, name, zone_id, url, address, port, status, missed_pings, status_changed,"
                + " channel_key_sealed, created) SELECT UUID(), CONCAT('bench-h', seq), ?, CONCAT('http://127.0.0.1:', 20000 + seq),"
                + " '127.0.0.1', 20000 + seq, 'Up', 0, UTC_TIMESTAMP(3), x'00', UTC_TIMESTAMP(3) FROM seq_1_to_"
                + hosts, zone);
        // Which host each VM is on: random (seeded) or blocks of consecutive VMs per host, the worst case
        // for the per-host limit (the head of the queue is one host's).
        String hostOf = layout.equals("blocks")
                ? "1 + (s.seq - 1) DIV " + Math.max(1, vms / hosts)
                : "1 + FLOOR(RAND(42) * " + hosts + ")";
        sql.update("INSERT INTO vm_instance (uuid, name, domain_uuid, account_id, domain_id, zone_id, host_id, state,"
                + " power_state, backup_offering_id, created) SELECT UUID(), CONCAT('bench-vm', x.seq), UUID(),"
                + " a.id, a.domain_id, ?, h.id, 'Stopped', 'PowerOff', ?, UTC_TIMESTAMP(3)"
                + " FROM (SELECT s.seq, LEAST(" + hosts + ", " + hostOf + ") AS h FROM seq_1_to_" + vms + " s) x"
                + " JOIN host h ON h.name = CONCAT('bench-h', x.h) JOIN account a ON a.name = 'admin'"
                + " ORDER BY x.seq", zone, offering);
        sql.update("INSERT INTO volume (uuid, name, vm_id, account_id, domain_id, zone_id, device, device_id,"
                + " volume_type, bus, path, format, virtual_size, storage_kind, state, created)"
                + " SELECT UUID(), CONCAT(v.name, '-root'), v.id, v.account_id, v.domain_id, v.zone_id, 'vda', 0,"
                + " 'ROOT', 'virtio', CONCAT('/var/lib/kboss-bench/', v.name, '/root.qcow2'), 'qcow2', 16777216,"
                + " 'FILE', 'Ready', UTC_TIMESTAMP(3) FROM vm_instance v WHERE v.name LIKE 'bench-vm%'");
        sql.execute("ANALYZE TABLE vm_instance, volume, host, operation, backup");
    }

    /**
     * Every VM's backup in one transaction: the rows createBackup writes (the backup Queued, its BACKUP
     * operation QUEUED), so all of them become claimable at the same instant, the commit.
     */
    private Instant enqueue(HikariDataSource pool, JdbcTemplate sql) {
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(pool));
        long store = sql.queryForObject("SELECT id FROM image_store WHERE name = 'bench-store'", Long.class);
        Timestamp now = tx.execute(s -> {
            Timestamp t = sql.queryForObject("SELECT UTC_TIMESTAMP(3)", Timestamp.class);
            sql.update("INSERT INTO backup (uuid, vm_id, account_id, domain_id, zone_id, backup_offering_id, type,"
                    + " isolated, quiesce_requested, status, image_store_id, host_id, created, updated)"
                    + " SELECT UUID(), v.id, v.account_id, v.domain_id, v.zone_id, v.backup_offering_id, 'FULL', 0, 0,"
                    + " 'Queued', ?, v.host_id, ?, ? FROM vm_instance v WHERE v.name LIKE 'bench-vm%' ORDER BY v.id",
                    store, t, t);
            sql.update("INSERT INTO operation (uuid, kind, origin, limit_group, exclusive_scope, vm_id, host_id,"
                    + " zone_id, backup_id, state, next_attempt, enqueued) SELECT UUID(), 'BACKUP', 'API', 'backup',"
                    + " 'VM', b.vm_id, b.host_id, b.zone_id, b.id, 'QUEUED', ?, ? FROM backup b ORDER BY b.id", t, t);
            return t;
        });
        return now.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }

    /**
     * The server's statement counters (all of this MariaDB, which the benchmark is assumed to have to
     * itself; the sampler's own queries are in them too).
     */
    private static Map<String, Long> statements(JdbcTemplate sql) {
        Map<String, Long> m = new LinkedHashMap<>();
        sql.query("SHOW GLOBAL STATUS WHERE Variable_name IN ('Com_select', 'Com_insert', 'Com_update',"
                + " 'Com_delete', 'Com_commit', 'Questions')", rs -> {
                    m.put(rs.getString(1), rs.getLong(2));
                });
        return m;
    }

    private static Map<String, Long> states(JdbcTemplate sql) {
        Map<String, Long> m = new HashMap<>();
        sql.query("SELECT state, COUNT(*) FROM operation GROUP BY state",
                rs -> {
                    m.put(rs.getString(1), rs.getLong(2));
                });
        return m;
    }

    /** Samples what runs, from the database, every 10 ms. */
    private static final class Sampler extends Thread {
        private final JdbcTemplate sql;
        final AtomicInteger maxRunning = new AtomicInteger();
        final AtomicInteger maxOnHost = new AtomicInteger();
        final AtomicLong samples = new AtomicLong();
        private final AtomicBoolean stop = new AtomicBoolean();

        Sampler(HikariDataSource pool) {
            super("running-sampler");
            setDaemon(true);
            this.sql = new JdbcTemplate(pool);
        }

        @Override
        public void run() {
            while (!stop.get()) {
                Integer running = sql.queryForObject("SELECT COUNT(*) FROM operation WHERE state = 'RUNNING'",
                        Integer.class);
                Integer onHost = sql.queryForObject("SELECT COALESCE(MAX(c), 0) FROM (SELECT COUNT(*) c FROM"
                        + " operation WHERE state = 'RUNNING' GROUP BY host_id) x", Integer.class);
                maxRunning.accumulateAndGet(running == null ? 0 : running, Math::max);
                maxOnHost.accumulateAndGet(onHost == null ? 0 : onHost, Math::max);
                samples.incrementAndGet();
                try {
                    Thread.sleep(10); // sampling, not loading the database
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stopAndJoin() throws InterruptedException {
            stop.set(true);
            join();
        }
    }

    /** What one run measured. */
    private static final class Report {
        long operations;
        long succeeded;
        long backedUp;
        double claimsPerSecond;
        double claimsPerSecondBeforeKill;
        long p50;
        long p99;
        long max;
        long heldP50;
        long heldP99;
        double heldMean;
        double burstSeconds;
        double allEndedSeconds;
        int maxRunning;
        int maxOnHost;
        long samples;
        long doubleClaims;
        long doubleRuns;
        int killedRunning;
        long adopted;
        double adoptedFirstSeconds;
        double adoptedLastSeconds;
        String notEnded;
        double setupSeconds;
        double loadBefore;
        double loadAverage;
        double loadAfter;
        final Map<String, Double> statements = new LinkedHashMap<>();

        String markdown(QueueBenchmark b, Instant began) {
            StringBuilder s = new StringBuilder();
            s.append("# Queue benchmark ").append(STAMP.format(began)).append("\n\n");
            s.append(String.format(Locale.ROOT, "- revision: %s%n", b.options.getOrDefault("revision", "?")));
            s.append(String.format(Locale.ROOT,
                    "- %d VMs on %d hosts (%s layout), %d servers x %d workers, limits %d cloud-wide and %d per host, "
                            + "lease %d s, heartbeat %d s; server %d killed after %.0f %% of the claims%n",
                    b.vms, b.hosts, b.layout, b.servers, b.workers, b.limit, b.perHost, b.lease, b.heartbeat,
                    b.servers, b.killAt * 100));
            s.append(String.format(Locale.ROOT, "- machine: %d cores; load average %.1f before, %.1f during "
                    + "(mean of 1-min samples), %.1f after%n", Runtime.getRuntime().availableProcessors(), loadBefore,
                    loadAverage, loadAfter));
            s.append(String.format(Locale.ROOT, "- fixtures in %.1f s%n%n", setupSeconds));
            s.append("| measure | value |\n|---|---|\n");
            s.append(String.format(Locale.ROOT, "| claims per second, first to last claim | %.0f |%n",
                    claimsPerSecond));
            s.append(String.format(Locale.ROOT, "| claims per second before the kill | %.0f |%n",
                    claimsPerSecondBeforeKill));
            s.append(String.format(Locale.ROOT, "| admissible to claimed, p50 / p99 / max | %d / %d / %d ms |%n", p50,
                    p99, max));
            s.append(String.format(Locale.ROOT,
                    "| claimed to ended (a slot held), p50 / p99 / mean | %d / %d / %.0f ms |%n",
                    heldP50, heldP99, heldMean));
            s.append(String.format(Locale.ROOT,
                    "| the most claims per second those holds allow (limit / mean) | %.0f |%n",
                    heldMean > 0 ? b.limit * 1000.0 / heldMean : 0));
            s.append(String.format(Locale.ROOT, "| burst (first to last claim) | %.1f s |%n", burstSeconds));
            s.append(String.format(Locale.ROOT, "| queued to all ended | %.1f s |%n", allEndedSeconds));
            s.append(String.format(Locale.ROOT, "| most RUNNING at once (limit %d) | %d |%n", b.limit, maxRunning));
            s.append(String.format(Locale.ROOT, "| most RUNNING on one host (limit %d) | %d |%n", b.perHost,
                    maxOnHost));
            s.append(String.format(Locale.ROOT, "| database samples | %d |%n", samples));
            s.append(String.format(Locale.ROOT, "| double claims (attempts > 1) | %d |%n", doubleClaims));
            s.append(String.format(Locale.ROOT, "| double runs (agent job started twice, not by adoption) | %d |%n",
                    doubleRuns));
            s.append(String.format(Locale.ROOT, "| running on the killed server | %d |%n", killedRunning));
            s.append(String.format(Locale.ROOT, "| of those adopted and ended | %d, %.1f to %.1f s after the kill |%n",
                    adopted, adoptedFirstSeconds, adoptedLastSeconds));
            s.append(String.format(Locale.ROOT, "| operations SUCCEEDED | %d of %d |%n", succeeded, operations));
            s.append(String.format(Locale.ROOT, "| backups BackedUp | %d of %d |%n", backedUp, operations));
            s.append("| statements per operation (MariaDB counters over the run, sampler included) | ");
            statements.forEach((k, v) -> s.append(String.format(Locale.ROOT, "%s %.1f ", k, v)));
            s.append("|\n");
            if (notEnded != null) {
                s.append("\nNot ended well: ").append(notEnded).append('\n');
            }
            return s.toString();
        }
    }

    private Report measure(JdbcTemplate sql, Instant committed, Instant killedAt, long killedId,
            Set<String> runningOnVictim, Path folder, Sampler sampler) throws IOException {
        Report r = new Report();
        record Op(String uuid, long enqueued, long started, long ended, String state, int attempts) {
        }
        List<Op> ops = sql.query("SELECT uuid, enqueued, started, ended, state, attempts FROM operation",
                (rs, i) -> new Op(rs.getString(1), millis(rs.getTimestamp(2)), millis(rs.getTimestamp(3)),
                        millis(rs.getTimestamp(4)), rs.getString(5), rs.getInt(6)));
        r.operations = ops.size();
        r.succeeded = ops.stream().filter(o -> o.state().equals("SUCCEEDED")).count();
        r.backedUp = sql.queryForObject("SELECT COUNT(*) FROM backup WHERE status = 'BackedUp'", Long.class);
        r.doubleClaims = ops.stream().filter(o -> o.attempts() > 1).count();
        Map<String, Long> states = states(sql);
        if (r.succeeded != r.operations) {
            r.notEnded = states.toString();
        }
        long[] claims = ops.stream().filter(o -> o.started() > 0).mapToLong(Op::started).sorted().toArray();
        long t0 = committed.toEpochMilli();
        if (claims.length > 1) {
            r.burstSeconds = (claims[claims.length - 1] - claims[0]) / 1000.0;
            r.claimsPerSecond = claims.length / Math.max(0.001, r.burstSeconds);
            if (killedAt != null) {
                long kill = killedAt.toEpochMilli();
                long before = Arrays.stream(claims).filter(c -> c < kill).count();
                r.claimsPerSecondBeforeKill = before / Math.max(0.001, (kill - claims[0]) / 1000.0);
            }
        }
        r.allEndedSeconds = (ops.stream().mapToLong(Op::ended).max().orElse(t0) - t0) / 1000.0;
        // Slots: the cloud-wide limit's, free at the commit, then one more at each end, in time order.
        long[] free = new long[limit + ops.size()];
        Arrays.fill(free, 0, limit, t0);
        int n = limit;
        for (Op o : ops) {
            if (o.ended() > 0) {
                free[n++] = o.ended();
            }
        }
        long[] slots = Arrays.copyOf(free, n);
        Arrays.sort(slots);
        long[] waits = new long[claims.length];
        for (int i = 0; i < claims.length && i < slots.length; i++) {
            waits[i] = Math.max(0, claims[i] - Math.max(slots[i], t0));
        }
        Arrays.sort(waits);
        if (waits.length > 0) {
            r.p50 = waits[(int) Math.min(waits.length - 1, Math.round(waits.length * 0.50))];
            r.p99 = waits[(int) Math.min(waits.length - 1, Math.round(waits.length * 0.99))];
            r.max = waits[waits.length - 1];
        }
        // How long a claimed operation held its slot, the killed server's (held across the lease) left out.
        long[] held = ops.stream().filter(o -> o.started() > 0 && o.ended() > 0 && !runningOnVictim.contains(o.uuid()))
                .mapToLong(o -> o.ended() - o.started()).sorted().toArray();
        if (held.length > 0) {
            r.heldP50 = held[(int) Math.min(held.length - 1, Math.round(held.length * 0.50))];
            r.heldP99 = held[(int) Math.min(held.length - 1, Math.round(held.length * 0.99))];
            r.heldMean = Arrays.stream(held).average().orElse(0);
        }
        r.maxRunning = sampler.maxRunning.get();
        r.maxOnHost = sampler.maxOnHost.get();
        r.samples = sampler.samples.get();
        // Starts the agents heard: one per operation, plus one per adopted operation of the killed server.
        Map<String, List<String>> startsBy = new HashMap<>();
        try (var files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".starts")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    String[] parts = line.split(" ");
                    if (parts.length == 3) {
                        startsBy.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts[1]);
                    }
                }
            }
        }
        String victim = "bench-ms" + servers;
        for (Map.Entry<String, List<String>> e : startsBy.entrySet()) {
            List<String> by = e.getValue();
            boolean adoption = by.size() == 2 && by.contains(victim) && runningOnVictim.contains(e.getKey());
            if (by.size() > 1 && !adoption) {
                r.doubleRuns++;
            }
        }
        r.killedRunning = runningOnVictim.size();
        if (killedAt != null && !runningOnVictim.isEmpty()) {
            List<Long> ends = new ArrayList<>();
            for (Op o : ops) {
                if (runningOnVictim.contains(o.uuid()) && o.state().equals("SUCCEEDED")) {
                    ends.add(o.ended());
                }
            }
            r.adopted = ends.size();
            long kill = killedAt.toEpochMilli();
            r.adoptedFirstSeconds = (ends.stream().mapToLong(Long::longValue).min().orElse(kill) - kill) / 1000.0;
            r.adoptedLastSeconds = (ends.stream().mapToLong(Long::longValue).max().orElse(kill) - kill) / 1000.0;
        }
        return r;
    }

    private static long millis(Timestamp t) {
        return t == null ? 0 : t.toLocalDateTime().toInstant(ZoneOffset.UTC).toEpochMilli();
    }
}
