package io.kboss.test.bench;

import io.kboss.test.bench.AdminSession.ApiKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

/**
 * Closed-loop load: {@code clients} threads each send one signed GET, wait for the whole answer,
 * and send the next, first for a warm-up (not recorded; lets the JIT and both connection pools
 * settle), then for the measured window. A latency is recorded for every call started inside the
 * window, from just before the request is sent to the last byte of the answer; the signature is
 * computed just before that, per call, in the client.
 *
 * <p>A call counts as an error when the connection fails, the status is not 200, or the body is
 * not the command's JSON envelope with a {@code count}. Closed-loop clients wait for each other's
 * answers, so when the server stalls fewer calls are sent: the max and p99 are what a client saw,
 * not what an open arrival rate would have produced.
 */
final class JvmClientLoad implements Load {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final int ERROR_SAMPLES = 3;

    private final HttpClient http;
    private final URI endpoint;
    private final ApiKeys keys;
    private final Clock clock;
    private final ProcessCpu cpu;

    JvmClientLoad(URI endpoint, ApiKeys keys, Clock clock, ProcessCpu cpu) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CALL_TIMEOUT).build();
        this.endpoint = endpoint;
        this.keys = keys;
        this.clock = clock;
        this.cpu = cpu;
    }

    @Override
    public RunResult run(Scenario scenario, int clients, Duration warmUp, Duration measured)
            throws InterruptedException {
        // Nanosecond ticks, not the injected Clock: latencies need a monotonic source, and nothing
        // here decides anything from the time of day (only `expires` does, through the Clock).
        long start = System.nanoTime();
        long windowStart = start + warmUp.toNanos();
        long windowEnd = windowStart + measured.toNanos();
        Worker[] workers = new Worker[clients];
        CountDownLatch done = new CountDownLatch(clients);
        ConcurrentMap<String, LongAdder> errors = new ConcurrentHashMap<>();
        List<String> samples = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < clients; i++) {
            workers[i] = new Worker(scenario, new Random(31L * i + scenario.name().hashCode()), windowStart, windowEnd,
                    errors, samples, done);
            Thread t = new Thread(workers[i], "bench-client-" + i);
            t.setDaemon(true);
            t.start();
        }
        sleepUntil(windowStart);
        double loadStart = LoadSampler.load1();
        Map<String, Duration> cpuBefore = cpu.snapshot();
        LoadSampler sampler = LoadSampler.start();
        done.await();
        double loadMax = sampler.stop();
        long lastAnswer = Arrays.stream(workers).mapToLong(w -> w.lastAnswer).max().orElse(windowEnd);
        Map<String, Double> cpuSeconds = ProcessCpu.secondsBetween(cpuBefore, cpu.snapshot());
        double loadEnd = LoadSampler.load1();
        long[] all = Arrays.stream(workers).flatMapToLong(w -> Arrays.stream(w.latencies, 0, w.count)).toArray();
        long ok = Arrays.stream(workers).mapToLong(w -> w.ok).sum();
        long bytes = Arrays.stream(workers).mapToLong(w -> w.bytes).sum();
        Map<String, Long> errorCounts = new TreeMap<>();
        errors.forEach((k, v) -> errorCounts.put(k, v.sum()));
        double seconds = (Math.max(lastAnswer, windowEnd) - windowStart) / 1e9;
        return new RunResult(scenario, clients, seconds, ok, errorCounts, List.copyOf(samples), LatencySummary.of(all),
                bytes, cpuSeconds, loadStart, Math.max(loadMax, loadEnd), loadEnd);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }

    @Override
    public String describe(int clients) {
        return clients + " closed-loop client threads in a JVM (java.net.http, HTTP/1.1 keep-alive)";
    }

    private record Failure(String kind, String detail) {
    }

    private final class Worker implements Runnable {
        private final Scenario scenario;
        private final Random random;
        private final long windowStart;
        private final long windowEnd;
        private final ConcurrentMap<String, LongAdder> errors;
        private final List<String> samples;
        private final CountDownLatch done;
        private final SignedRequest signer;
        long[] latencies = new long[16_384];
        int count;
        long ok;
        long bytes;
        long lastAnswer;

        Worker(Scenario scenario, Random random, long windowStart, long windowEnd,
                ConcurrentMap<String, LongAdder> errors,
                List<String> samples, CountDownLatch done) {
            this.scenario = scenario;
            this.random = random;
            this.windowStart = windowStart;
            this.windowEnd = windowEnd;
            this.errors = errors;
            this.samples = samples;
            this.done = done;
            this.signer = new SignedRequest(keys.apiKey(), keys.secretKey(), clock);
        }

        @Override
        public void run() {
            try {
                long now;
                while ((now = System.nanoTime()) < windowEnd) {
                    boolean recorded = now >= windowStart;
                    Map<String, String> params = scenario.nextCall().apply(random);
                    String query = signer.queryFor(params);
                    HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "?" + query))
                            .timeout(CALL_TIMEOUT).GET().build();
                    long sent = System.nanoTime();
                    Failure failure = call(request, params.get("command"));
                    long answered = System.nanoTime();
                    if (recorded) {
                        record(answered - sent, failure);
                        lastAnswer = answered;
                    } else if (failure != null) {
                        // Warm-up failures are as telling as measured ones: reported apart.
                        error("during warm-up: " + failure.kind(), failure.detail());
                    }
                }
            } finally {
                done.countDown();
            }
        }

        /** @return null when the answer is a well-formed list, else what was wrong */
        private Failure call(HttpRequest request, String command) {
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                return new Failure(e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Failure("interrupted", "the client thread was interrupted");
            }
            String body = response.body();
            if (System.nanoTime() >= windowStart) {
                bytes += body.length();
            }
            if (response.statusCode() != 200) {
                return new Failure("HTTP " + response.statusCode(), body);
            }
            String envelope = "{\"" + command.toLowerCase(Locale.ROOT) + "response\":{\"count\":";
            if (!body.startsWith(envelope)) {
                return new Failure("HTTP 200 without a " + command + " list envelope", body);
            }
            return null;
        }

        private void error(String kind, String detail) {
            errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
            if (samples.size() < ERROR_SAMPLES) {
                samples.add(kind + ": " + (detail.length() > 500 ? detail.substring(0, 500) + "..." : detail));
            }
        }

        private void record(long nanos, Failure failure) {
            if (failure == null) {
                ok++;
            } else {
                error(failure.kind(), failure.detail());
            }
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = nanos;
        }
    }
}
