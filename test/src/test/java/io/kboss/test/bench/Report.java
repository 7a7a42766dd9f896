package io.kboss.test.bench;

import io.kboss.test.bench.ApiBenchmark.Options;
import io.kboss.test.bench.BenchmarkData.Seeded;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The Markdown a run leaves behind: the machine, what ran, one table row per scenario, errors. */
final class Report {
    private final Instant when;
    private final Options options;
    private final String load;
    private final List<String> serverJvm;
    private final String mariadbVersion;
    private final Seeded seeded;
    private final List<RunResult> results;
    private final Path jfr;

    Report(Instant when, Options options, String load, List<String> serverJvm, String mariadbVersion, Seeded seeded,
            List<RunResult> results, Path jfr) {
        this.when = when;
        this.options = options;
        this.load = load;
        this.serverJvm = serverJvm;
        this.mariadbVersion = mariadbVersion;
        this.seeded = seeded;
        this.results = results;
        this.jfr = jfr;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("Run ").append(when).append(" (UTC).\n\n");
        md.append("- Machine: ").append(cpuModel()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, ").append(memory()).append(", Linux ").append(System.getProperty("os.version"))
                .append("\n");
        md.append("- Java ").append(System.getProperty("java.version")).append(" (")
                .append(System.getProperty("java.vm.name"))
                .append("); MariaDB ").append(mariadbVersion).append(" on 127.0.0.1\n");
        md.append("- Source: ").append(options.revision())
                .append(options.serverPatch() == null
                        ? ""
                        : ", with the classes in " + options.serverPatch()
                                + " put ahead of the server's (a proposed fix, not yet in the tree)")
                .append("\n");
        md.append("- Server JVM: `").append(String.join(" ", serverJvm)).append("`, its own process; benchmark JVM: `")
                .append(String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())).append("`\n");
        md.append(String.format(Locale.ROOT, "- Data: %,d backup offerings (%,d detail rows) in %d zones; %,d"
                + " configuration_value rows over %d zones, %d clusters, %,d accounts and global\n",
                seeded.offerings(), seeded.offeringDetails(), seeded.zoneUuids().size(), seeded.settingValues(),
                seeded.zoneUuids().size(), seeded.clusterUuids().size(), seeded.accountUuids().size()));
        md.append(String.format(Locale.ROOT, "- Load: %s on loopback, each call signed by the client (HMAC-SHA1,"
                + " signatureVersion=3, expires) with the admin's API key; %d s warm-up then %d s measured per"
                + " scenario, after %d s of all kinds of call to warm the server JVM up%s\n", load,
                options.warmUp().toSeconds(), options.measured().toSeconds(), options.serverWarmUp().toSeconds(),
                jfr == null ? "" : "; server recorded with JFR (" + jfr.getFileName() + ")"));
        md.append("\n| scenario | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | answer KB |"
                + " CPU ms/req server / MariaDB / client | load 1m start→max | target |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|\n");
        for (RunResult r : results) {
            long n = r.ok() + r.errorCount();
            md.append(String.format(Locale.ROOT, "| %s | %,d | %,.0f | %.1f | %.1f | %.1f | %.1f | %d | %.1f |"
                    + " %.2f / %s / %.2f | %.2f→%.2f | %s |\n",
                    r.scenario().name(), n, r.requestsPerSecond(), r.latency().p50Millis(), r.latency().p90Millis(),
                    r.latency().p99Millis(), r.latency().maxMillis(), r.errorCount(),
                    r.responseBytes() / 1024.0 / Math.max(1, n), r.cpuMillisPerRequest("server"),
                    r.cpuSeconds().containsKey("MariaDB")
                            ? String.format(Locale.ROOT, "%.2f",
                                    r.cpuMillisPerRequest("MariaDB"))
                            : "n/a",
                    r.cpuMillisPerRequest("client"), r.load1Start(), r.load1Max(), verdict(r)));
        }
        md.append("\nScenarios:\n\n");
        for (RunResult r : results) {
            md.append("- `").append(r.scenario().name()).append("`: ").append(r.scenario().description()).append("\n");
        }
        for (RunResult r : results) {
            if (!r.errors().isEmpty()) {
                md.append("\nErrors in `").append(r.scenario().name()).append("`: ").append(r.errors()).append("\n");
                r.errorSamples().forEach(s -> md.append("    ").append(s.replace("\n", " ")).append("\n"));
            }
        }
        return md.toString();
    }

    /** One line for the console while the run goes on. */
    static String line(RunResult r) {
        return String.format(Locale.ROOT, "%s: %,.0f req/s, p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms,"
                + " %d errors, CPU s %s, load %.2f→%.2f: %s", r.scenario().name(), r.requestsPerSecond(),
                r.latency().p50Millis(), r.latency().p90Millis(), r.latency().p99Millis(), r.latency().maxMillis(),
                r.errorCount(), r.cpuSeconds(), r.load1Start(), r.load1Max(), verdict(r));
    }

    static String verdict(RunResult r) {
        boolean fast = r.requestsPerSecond() >= ApiBenchmark.TARGET_REQUESTS_PER_SECOND;
        boolean tail = r.latency().p99Millis() < ApiBenchmark.TARGET_P99_MILLIS;
        if (r.errorCount() > 0) {
            return "MISSED (errors)";
        }
        if (fast && tail) {
            return "met";
        }
        return "MISSED (" + (fast ? "" : "req/s") + (!fast && !tail ? ", " : "") + (tail ? "" : "p99") + ")";
    }

    private static String cpuModel() {
        return firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown CPU");
    }

    private static String memory() {
        return firstValue(Path.of("/proc/meminfo"), "MemTotal")
                .map(kb -> String.format(Locale.ROOT, "%.0f GiB RAM",
                        Long.parseLong(kb.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0))
                .orElse("unknown RAM");
    }

    private static java.util.Optional<String> firstValue(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(key)).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim());
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
