package io.kboss.test.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kboss.test.bench.AdminSession.ApiKeys;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Load from wrk (Debian's package), a C load generator, in its own process: it spends far less CPU
 * per call than a JVM client, which matters when the clients share the server's two cores. Each
 * call is signed in {@code server-side/bench/signed-list.lua}; the warm-up is a separate wrk run
 * right before the measured one. wrk is run with an argument list and a time limit; its output is
 * part of any error, and the keys travel in its environment, never on its command line.
 */
final class WrkLoad implements Load {
    private static final String RESULT_MARK = "KBOSS-BENCH-RESULT ";
    private static final Duration EXTRA_TIME = Duration.ofSeconds(60);

    private final Path wrk;
    private final Path script;
    private final URI endpoint;
    private final ApiKeys keys;
    private final Path scopes;
    private final ProcessCpu cpu;

    WrkLoad(Path wrk, Path script, URI endpoint, ApiKeys keys, Path scopes, ProcessCpu cpu) {
        this.wrk = wrk;
        this.script = script;
        this.endpoint = endpoint;
        this.keys = keys;
        this.scopes = scopes;
        this.cpu = cpu;
    }

    /** Writes the scope ids the script draws listConfigurations scopes from. */
    static Path writeScopes(BenchmarkData.Seeded seeded, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        seeded.zoneUuids().forEach(u -> lines.add("zoneid " + u));
        seeded.clusterUuids().forEach(u -> lines.add("clusterid " + u));
        seeded.accountUuids().forEach(u -> lines.add("accountid " + u));
        return Files.write(file, lines, StandardCharsets.UTF_8);
    }

    @Override
    public String describe(int clients) {
        return "wrk 4.1 in its own process, " + threads(clients) + " threads, " + clients
                + " keep-alive connections (closed loop)";
    }

    private static int threads(int clients) {
        return Math.min(2, clients);
    }

    @Override
    public RunResult run(Scenario scenario, int clients, Duration warmUp, Duration measured)
            throws IOException, InterruptedException {
        if (!warmUp.isZero()) {
            JsonObject w = wrk(scenario, clients, warmUp);
            long warmErrors = errors(w).values().stream().mapToLong(Long::longValue).sum();
            if (warmErrors > 0) {
                throw new IllegalStateException("The warm-up of " + scenario.name() + " had errors " + errors(w)
                        + ", first: " + w.get("bad_sample").getAsString());
            }
        }
        double loadStart = LoadSampler.load1();
        Map<String, Duration> before = cpu.snapshot();
        LoadSampler sampler = LoadSampler.start();
        JsonObject r = wrk(scenario, clients, measured);
        double loadMax = sampler.stop();
        Map<String, Double> cpuSeconds = ProcessCpu.secondsBetween(before, cpu.snapshot());
        double loadEnd = LoadSampler.load1();
        Map<String, Long> errors = errors(r);
        long requests = r.get("requests").getAsLong();
        long ok = requests - errors.getOrDefault("HTTP status not 200", 0L) - errors.getOrDefault("bad envelope", 0L);
        String sample = r.get("bad_sample").getAsString();
        LatencySummary latency = new LatencySummary(requests, micros(r, "p50_us"), micros(r, "p90_us"),
                micros(r, "p99_us"), micros(r, "max_us"));
        return new RunResult(scenario, clients, r.get("duration_us").getAsLong() / 1e6, ok, errors,
                sample.isEmpty() ? List.of() : List.of(sample), latency, r.get("bytes").getAsLong(), cpuSeconds,
                loadStart, Math.max(loadMax, loadEnd), loadEnd);
    }

    private static double micros(JsonObject r, String field) {
        return r.get(field).getAsLong() / 1000.0;
    }

    private static Map<String, Long> errors(JsonObject r) {
        Map<String, Long> e = new TreeMap<>();
        put(e, "connect", r.get("connect").getAsLong());
        put(e, "read", r.get("read").getAsLong());
        put(e, "write", r.get("write").getAsLong());
        put(e, "timeout", r.get("timeout").getAsLong());
        put(e, "HTTP status not 200", r.get("status").getAsLong());
        put(e, "bad envelope", r.get("bad").getAsLong());
        return e;
    }

    private static void put(Map<String, Long> m, String k, long v) {
        if (v > 0) {
            m.put(k, v);
        }
    }

    private JsonObject wrk(Scenario scenario, int clients, Duration duration) throws IOException, InterruptedException {
        List<String> command = List.of(wrk.toString(), "-t", Integer.toString(threads(clients)),
                "-c", Integer.toString(clients), "-d", duration.toSeconds() + "s", "--timeout", "30s",
                "-s", script.toString(), endpoint.toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("KBOSS_BENCH_API_KEY", keys.apiKey());
        env.put("KBOSS_BENCH_SECRET_KEY", keys.secretKey());
        env.put("KBOSS_BENCH_SCENARIO", scenario.name());
        env.put("KBOSS_BENCH_SCOPES", scopes.toString());
        env.put("KBOSS_BENCH_OFFERINGS", Integer.toString(BenchmarkData.OFFERINGS));
        Process p = pb.start();
        // wrk prints little (a summary at the end), so reading after it exits cannot block it.
        Duration limit = duration.plus(EXTRA_TIME);
        if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within " + limit
                    + "; output so far:\n" + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with status " + p.exitValue()
                    + ":\n" + output);
        }
        for (String line : output.split("\n")) {
            if (line.startsWith(RESULT_MARK)) {
                return JsonParser.parseString(line.substring(RESULT_MARK.length())).getAsJsonObject();
            }
        }
        throw new IllegalStateException("wrk printed no " + RESULT_MARK.trim() + " line (is " + script
                + " the benchmark's script?):\n" + output);
    }
}
