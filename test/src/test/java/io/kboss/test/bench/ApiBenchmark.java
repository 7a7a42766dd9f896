package io.kboss.test.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kboss.db.testing.TestDatabase;
import io.kboss.test.bench.AdminSession.ApiKeys;
import io.kboss.test.bench.BenchmarkData.Definition;
import io.kboss.test.bench.BenchmarkData.Seeded;
import io.kboss.test.support.ServerJvm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The API benchmark of issue 2: signed {@code listBackupOfferings} and {@code listConfigurations}
 * with 10,000 rows in their tables, 16 concurrent clients on loopback. Target on the project's
 * 2-core machine: at least 1,000 requests/s and p99 under 50 ms.
 *
 * <p>What a run does: creates an empty database on the MariaDB the tests use (TestDatabase), starts
 * kboss-server in a JVM of its own on it (the server upgrades the schema and creates its admin),
 * logs in as admin and creates an API key with {@code registerUserKeys}, seeds the rows
 * ({@link BenchmarkData}), checks through the signed API that the seeded rows are what is served,
 * then runs each scenario (warm-up, then a measured window) and writes a Markdown report. The
 * database is dropped and the server stopped at the end.
 *
 * <p>Run it with {@code server-side/bench/api-benchmark} (see {@code --help}); it is a
 * {@code *Benchmark}, so {@code mvn verify} never runs it.
 */
public final class ApiBenchmark {
    static final double TARGET_REQUESTS_PER_SECOND = 1_000;
    static final double TARGET_P99_MILLIS = 50;
    private static final List<String> DEFAULT_SERVER_JVM = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC");

    private final Options options;
    private final Clock clock;

    ApiBenchmark(Options options, Clock clock) {
        this.options = options;
        this.clock = clock;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        if (options == null) {
            System.out.println(Options.USAGE);
            return;
        }
        Path report = new ApiBenchmark(options, Clock.systemUTC()).run();
        System.out.println("Report: " + report);
        // HttpClient selector threads are not daemons; the work is done.
        System.exit(0);
    }

    Path run() throws Exception {
        Files.createDirectories(options.out());
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(clock.instant());
        Path work = Files.createTempDirectory("kboss-bench-");
        String adminPassword = "bench-" + UUID.randomUUID();
        List<RunResult> results = new ArrayList<>();
        Seeded seeded;
        String mariadbVersion;
        List<String> serverJvm;
        String loadDescription;
        Path jfr = options.jfr() ? options.out().resolve("api-" + stamp + ".jfr").toAbsolutePath() : null;
        TestDatabase db = TestDatabase.create("api_bench");
        try (ServerJvm server = ServerJvm.builder(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD).work(work)
                .adminPassword(adminPassword)
                .jvm(j -> j.jvmOptions(options.serverJvm()).classPathFirst(options.serverPatch()))
                .log(options.out().resolve("api-" + stamp + "-server.log")).start()) {
            serverJvm = options.serverJvm();
            say("kboss-server pid " + server.jvm().pid() + " at " + server.apiEndpoint() + " on database " + db.name());
            AdminSession admin = AdminSession.logIn(server.apiEndpoint(), "admin", adminPassword);
            ApiKeys keys = admin.registerOwnKeys();
            List<Definition> definitions = definitions(admin);
            long seedStart = System.nanoTime();
            try (Connection c = DriverManager.getConnection(db.jdbcUrl() + "&rewriteBatchedStatements=true",
                    TestDatabase.USER, TestDatabase.PASSWORD)) {
                seeded = new BenchmarkData(clock).seed(c, definitions);
                mariadbVersion = scalar(c, "SELECT VERSION()");
                say(String.format(Locale.ROOT, "Seeded %,d offerings (%,d detail rows) and %,d setting values over %d"
                        + " definitions in %.1f s", seeded.offerings(), seeded.offeringDetails(),
                        seeded.settingValues(), definitions.size(), (System.nanoTime() - seedStart) / 1e9));
                checkRowCounts(c);
                ProcessCpu cpu = new ProcessCpu().watch("server", server.jvm().handle());
                mariadbProcess(c).ifPresent(p -> cpu.watch("MariaDB", p));
                checkSeededRowsAreServed(server.apiEndpoint(), keys, seeded);
                Load load;
                if (options.javaClients()) {
                    cpu.watch("client", ProcessHandle.current());
                    load = new JvmClientLoad(server.apiEndpoint(), keys, clock, cpu);
                } else {
                    cpu.watchFinishedChildren("client");
                    load = new WrkLoad(wrk(), options.wrkScript(), server.apiEndpoint(), keys,
                            WrkLoad.writeScopes(seeded, options.out().resolve("scopes.txt")), cpu);
                }
                loadDescription = load.describe(options.clients());
                if (!options.serverWarmUp().isZero()) {
                    // The server JVM compiles its hot paths during the first tens of seconds under
                    // load; without this the first scenario would pay for it (and its JIT threads'
                    // CPU would be counted against its requests).
                    say("Warming up the server JVM: " + options.serverWarmUp().toSeconds() + " s of all four kinds");
                    RunResult w = load.run(serverWarmUp(seeded), options.clients(), Duration.ZERO,
                            options.serverWarmUp());
                    say(Report.line(w));
                }
                if (jfr != null) {
                    jcmd(server.jvm().pid(), "JFR.start", "name=bench", "settings=profile", "filename=" + jfr);
                }
                for (Scenario s : scenarios(seeded)) {
                    if (!options.scenarios().isEmpty() && !options.scenarios().contains(s.name())) {
                        continue;
                    }
                    say("Running " + s.name() + ": " + options.warmUp().toSeconds() + " s warm-up, "
                            + options.measured().toSeconds() + " s measured, " + options.clients() + " clients");
                    RunResult r = load.run(s, options.clients(), options.warmUp(), options.measured());
                    results.add(r);
                    say(Report.line(r));
                }
                if (jfr != null) {
                    jcmd(server.jvm().pid(), "JFR.stop", "name=bench");
                    say("JFR recording of the server: " + jfr);
                }
            }
        } finally {
            if (options.keepDatabase()) {
                say("Kept the seeded database " + db.name() + " (" + db.jdbcUrl() + ") for a look; drop it by hand");
            } else {
                db.close();
            }
        }
        Report report = new Report(clock.instant(), options, loadDescription, serverJvm, mariadbVersion, seeded,
                results,
                jfr);
        Path file = options.out().resolve("api-" + stamp + ".md");
        Files.writeString(file, report.markdown(), StandardCharsets.UTF_8);
        System.out.println(report.markdown());
        return file;
    }

    /** The load scenarios; pages and scopes are drawn at random per call so no single row stays hot. */
    static List<Scenario> scenarios(Seeded seeded) {
        int pages20 = BenchmarkData.OFFERINGS / 20;
        int pages500 = BenchmarkData.OFFERINGS / 500;
        return List.of(
                new Scenario("offerings-p20", "listBackupOfferings, pagesize=20, page drawn from all " + pages20
                        + " pages", r -> offerings(20, 1 + r.nextInt(pages20))),
                new Scenario("offerings-p500", "listBackupOfferings, pagesize=500, page drawn from all " + pages500
                        + " pages", r -> offerings(500, 1 + r.nextInt(pages500))),
                new Scenario("configurations-p20", "listConfigurations, pagesize=20, scope drawn evenly from global,"
                        + " a zone, a cluster, an account", r -> configurations(seeded, r, 20)),
                new Scenario("configurations-p500", "listConfigurations, pagesize=500 (every key at the scope),"
                        + " scope drawn as above", r -> configurations(seeded, r, 500)),
                new Scenario("mixed-p20", "half offerings-p20, half configurations-p20",
                        r -> r.nextBoolean() ? offerings(20, 1 + r.nextInt(pages20)) : configurations(seeded, r, 20)));
    }

    /** Every kind of call, not recorded: brings the server's JIT to its steady state. */
    static Scenario serverWarmUp(Seeded seeded) {
        int pages20 = BenchmarkData.OFFERINGS / 20;
        int pages500 = BenchmarkData.OFFERINGS / 500;
        return new Scenario("server-warm-up", "all four kinds of call, drawn evenly", r -> switch (r.nextInt(4)) {
            case 0 -> offerings(20, 1 + r.nextInt(pages20));
            case 1 -> offerings(500, 1 + r.nextInt(pages500));
            case 2 -> configurations(seeded, r, 20);
            default -> configurations(seeded, r, 500);
        });
    }

    private static Map<String, String> offerings(int pageSize, int page) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("command", "listBackupOfferings");
        p.put("response", "json");
        p.put("page", Integer.toString(page));
        p.put("pagesize", Integer.toString(pageSize));
        return p;
    }

    private static Map<String, String> configurations(Seeded seeded, Random r, int pageSize) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("command", "listConfigurations");
        p.put("response", "json");
        p.put("page", "1");
        p.put("pagesize", Integer.toString(pageSize));
        switch (r.nextInt(4)) {
            case 0 -> p.put("zoneid", pick(seeded.zoneUuids(), r));
            case 1 -> p.put("clusterid", pick(seeded.clusterUuids(), r));
            case 2 -> p.put("accountid", pick(seeded.accountUuids(), r));
            default -> {
                // global: no scope id
            }
        }
        return p;
    }

    private static String pick(List<String> from, Random r) {
        return from.get(r.nextInt(from.size()));
    }

    private static List<Definition> definitions(AdminSession admin) throws Exception {
        JsonObject list = admin.call("listConfigurations", "pagesize", "-1");
        List<Definition> out = new ArrayList<>();
        for (JsonElement e : list.getAsJsonArray("configuration")) {
            out.add(Definition.of(e.getAsJsonObject()));
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("listConfigurations answered no settings: " + list);
        }
        return out;
    }

    private static void checkRowCounts(Connection c) throws SQLException {
        for (String table : List.of("backup_offering", "configuration_value")) {
            long n = Long.parseLong(scalar(c, "SELECT COUNT(*) FROM " + table));
            if (n != 10_000) {
                throw new IllegalStateException(table + " holds " + n + " rows after seeding instead of 10,000; "
                        + "was the database shared with something else?");
            }
        }
    }

    /**
     * One signed call of each kind, parsed in full: the count and page are the seeded ones, every
     * offering carries its kboss options, and a seeded zone value (one that differs from the
     * default) is the value listConfigurations reports for that zone. A benchmark of empty or
     * refused answers would be worthless, so any mismatch stops the run.
     */
    private void checkSeededRowsAreServed(URI endpoint, ApiKeys keys, Seeded seeded) throws Exception {
        SignedRequest signer = new SignedRequest(keys.apiKey(), keys.secretKey(), clock);
        HttpClient http = HttpClient.newHttpClient();
        JsonObject offerings = signedCall(http, endpoint, signer, offerings(20, 3));
        long count = io.kboss.test.api.ApiSession.count(offerings);
        JsonArray page = offerings.getAsJsonArray("backupoffering");
        if (count != BenchmarkData.OFFERINGS || page == null || page.size() != 20) {
            throw new IllegalStateException("listBackupOfferings page 3 of 20 answered count " + count + " and "
                    + (page == null ? "no" : page.size()) + " offerings; expected " + BenchmarkData.OFFERINGS
                    + " and 20: " + offerings);
        }
        for (JsonElement e : page) {
            if (!e.getAsJsonObject().has("backupchainsize") || !e.getAsJsonObject().has("compress")) {
                throw new IllegalStateException("An offering came back without its kboss options: " + e);
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("command", "listConfigurations");
        params.put("response", "json");
        params.put("zoneid", seeded.sampleZoneUuid());
        params.put("name", seeded.sampleSettingName());
        JsonObject configurations = signedCall(http, endpoint, signer, params);
        JsonArray items = configurations.getAsJsonArray("configuration");
        String value = items == null || items.size() != 1
                ? null
                : items.get(0).getAsJsonObject().get("value").getAsString();
        if (!seeded.sampleSettingValue().equals(value)) {
            throw new IllegalStateException("listConfigurations for " + seeded.sampleSettingName() + " in zone "
                    + seeded.sampleZoneUuid() + " answered " + configurations + "; the seeded value is "
                    + seeded.sampleSettingValue());
        }
        say("Checked: signed listBackupOfferings answers count " + count + " with 20 offerings a page; "
                + "listConfigurations serves the seeded zone value " + seeded.sampleSettingName() + "=" + value);
    }

    private static JsonObject signedCall(HttpClient http, URI endpoint, SignedRequest signer,
            Map<String, String> params)
            throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(endpoint + "?" + signer.queryFor(params)))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        String envelope = params.get("command").toLowerCase(Locale.ROOT) + "response";
        if (r.statusCode() != 200) {
            throw new IllegalStateException("Signed " + params.get("command") + " was answered with HTTP "
                    + r.statusCode() + ": " + r.body());
        }
        return JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject(envelope);
    }

    private static Path wrk() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, "wrk");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException("wrk is not installed: apt-get install wrk (Debian's package), or run the"
                + " clients in a JVM with --load java");
    }

    private static Optional<ProcessHandle> mariadbProcess(Connection c) {
        try {
            String pidFile = scalar(c, "SELECT @@pid_file");
            long pid = Long.parseLong(Files.readString(Path.of(pidFile)).trim());
            return ProcessHandle.of(pid);
        } catch (SQLException | IOException | RuntimeException e) {
            say("MariaDB's CPU time will not be reported: its pid file is not readable here (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    private static String scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Runs the JDK's jcmd against the server (JFR start/stop); its output is part of any error. */
    private static void jcmd(long pid, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        command.add(Long.toString(pid));
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within 60 s");
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with status " + p.exitValue() + ": "
                    + output);
        }
    }

    static void say(String line) {
        System.out.println("[api-benchmark] " + line);
    }

    /** Command-line options; every one has a default that is the recorded configuration. */
    record Options(int clients, Duration warmUp, Duration measured, List<String> scenarios, List<String> serverJvm,
            boolean jfr, boolean keepDatabase, boolean javaClients, Path wrkScript, Path serverPatch,
            String revision, Duration serverWarmUp, Path out) {
        static final String USAGE = String.join("\n",
                "Usage: server-side/bench/api-benchmark [options]",
                "  --clients N        concurrent clients (default 16)",
                "  --server-warmup S  seconds of all kinds of call before the first scenario, not recorded,",
                "                     so the server's JIT has settled (default 30)",
                "  --warmup S         warm-up seconds per scenario, not recorded (default 10)",
                "  --seconds S        measured seconds per scenario (default 30)",
                "  --scenario NAME    run only this scenario; repeatable (offerings-p20, offerings-p500,",
                "                     configurations-p20, configurations-p500, mixed-p20; default all)",
                "  --server-jvm OPTS  server JVM options, space-separated (default \"-Xms1g -Xmx1g -XX:+UseG1GC\")",
                "  --jfr              record the server with JFR (profile settings) during the scenarios",
                "  --keep-database    leave the seeded database for EXPLAIN and friends (default: dropped)",
                "  --load wrk|java    the load generator: wrk with server-side/bench/signed-list.lua (default),",
                "                     or client threads in this JVM (java.net.http)",
                "  --wrk-script FILE  the wrk script (default server-side/bench/signed-list.lua)",
                "  --server-patch DIR classes put ahead of the server's class path: measures a proposed fix",
                "                     before it lands (the report says so)",
                "  --revision TEXT    the source revision measured, for the report (the script passes git's)",
                "  --out DIR          where the report, server log and recording go (default .work/api-bench)");

        /** @return null when help was asked for */
        static Options parse(String[] args) {
            int clients = 16;
            Duration warmUp = Duration.ofSeconds(10);
            Duration serverWarmUp = Duration.ofSeconds(30);
            Duration measured = Duration.ofSeconds(30);
            List<String> scenarios = new ArrayList<>();
            List<String> jvm = DEFAULT_SERVER_JVM;
            boolean jfr = false;
            boolean keep = false;
            boolean java = false;
            Path wrkScript = Path.of("server-side", "bench", "signed-list.lua");
            Path patch = null;
            String revision = "unknown";
            Path out = Path.of("target", "bench");
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--help", "-h" -> {
                        return null;
                    }
                    case "--clients" -> clients = positive(a, value(args, ++i, a));
                    case "--server-warmup" ->
                        serverWarmUp = Duration.ofSeconds(Math.max(0, number(a, value(args, ++i, a))));
                    case "--warmup" -> warmUp = Duration.ofSeconds(Math.max(0, number(a, value(args, ++i, a))));
                    case "--seconds" -> measured = Duration.ofSeconds(positive(a, value(args, ++i, a)));
                    case "--scenario" -> scenarios.add(value(args, ++i, a));
                    case "--server-jvm" -> jvm = List.of(value(args, ++i, a).trim().split("\\s+"));
                    case "--jfr" -> jfr = true;
                    case "--keep-database" -> keep = true;
                    case "--load" -> java = switch (value(args, ++i, a)) {
                        case "java" -> true;
                        case "wrk" -> false;
                        default -> throw new IllegalArgumentException("--load is wrk or java; got " + args[i]);
                    };
                    case "--wrk-script" -> wrkScript = Path.of(value(args, ++i, a));
                    case "--server-patch" -> patch = Path.of(value(args, ++i, a)).toAbsolutePath();
                    case "--revision" -> revision = value(args, ++i, a);
                    case "--out" -> out = Path.of(value(args, ++i, a));
                    default -> throw new IllegalArgumentException("Unknown option " + a + "\n" + USAGE);
                }
            }
            return new Options(clients, warmUp, measured, List.copyOf(scenarios), jvm, jfr, keep, java,
                    wrkScript.toAbsolutePath(), patch, revision, serverWarmUp, out);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
            }
            return args[i];
        }

        private static int number(String option, String text) {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a whole number; got '" + text + "'", e);
            }
        }

        private static int positive(String option, String text) {
            int n = number(option, text);
            if (n < 1) {
                throw new IllegalArgumentException(option + " must be at least 1; got " + n);
            }
            return n;
        }
    }
}
