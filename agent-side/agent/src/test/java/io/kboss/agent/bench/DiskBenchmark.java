package io.kboss.agent.bench;

import io.kboss.agent.disk.DiskEngine;
import io.kboss.agent.disk.Hypervisor;
import io.kboss.agent.process.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The agent's disk benchmark (issues 3 and 14): the disk engine's own Java API measured against
 * {@code qemu-img convert}, libvirt alone and Debian's virtnbdbackup on the same generated disks.
 * Run on demand through {@code agent-side/bench/disk-bench}, never by {@code mvn verify}; it needs
 * root, a running libvirtd and virtnbdbackup installed (the script sees to all three).
 *
 * <pre>
 *   --work DIR          working folder, emptied at the end except for the report (.work/bench)
 *   --media tmpfs|disk  where disks and stores live (tmpfs; see BenchMedia for why)
 *   --disk-mib N        size of the main disk; half of it holds data (4096)
 *   --sweep-mib A,B,C   disk sizes of the quick-restore sweep (1024,4096,16384)
 *   --reps N            repetitions of every measurement (3)
 *   --skip PART,...     leave out chain, virtnbdbackup, sweep or many (for developing the benchmark;
 *                       disk-bench also reads e2e there, its end-to-end part)
 *   --compression       run the compression benchmark of issue 9 instead ({@link CompressionBenchmark}),
 *                       on a disk of --disk-mib, with --reps; it reads two options of its own:
 *   --rate-limit-mib N  the rate limit its limited run is given, MiB/s (20)
 *   --rate-disk-mib N   size of the disk of that run; half of it holds data (1024)
 * </pre>
 */
public final class DiskBenchmark {
    private DiskBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(".work/bench").toAbsolutePath();
        long diskMib = 4096;
        List<Long> sweep = List.of(1024L << 20, 4096L << 20, 16384L << 20);
        int reps = 3;
        boolean tmpfs = true;
        Set<String> skip = Set.of();
        boolean compression = false;
        int rateLimitMib = 20;
        long rateDiskMib = 1024;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--work" -> work = Path.of(value).toAbsolutePath();
                case "--disk-mib" -> diskMib = Long.parseLong(value);
                case "--sweep-mib" -> sweep = parseSizes(value);
                case "--reps" -> reps = Integer.parseInt(value);
                case "--skip" -> skip = Set.of(value.split(","));
                case "--compression" -> {
                    compression = true;
                    i--; // takes no value
                }
                case "--rate-limit-mib" -> rateLimitMib = Integer.parseInt(value);
                case "--rate-disk-mib" -> rateDiskMib = Long.parseLong(value);
                case "--media" -> tmpfs = switch (value) {
                    case "tmpfs" -> true;
                    case "disk" -> false;
                    default -> throw new IllegalArgumentException("--media takes tmpfs or disk, not " + value);
                };
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i] + "; see DiskBenchmark's comment");
            }
            i++;
        }
        if (compression) {
            System.exit(runCompression(work, tmpfs, diskMib << 20, reps, rateLimitMib, rateDiskMib << 20));
        }
        System.exit(run(work, tmpfs, diskMib << 20, sweep, reps, skip));
    }

    private static List<Long> parseSizes(String csv) {
        List<Long> sizes = new ArrayList<>();
        for (String s : csv.split(",")) {
            sizes.add(Long.parseLong(s.trim()) << 20);
        }
        return sizes;
    }

    static int run(Path work, boolean tmpfs, long diskSize, List<Long> sweepSizes, int reps, Set<String> skip)
            throws Exception {
        Hypervisor.open(BenchVm.URI).close(); // installs the engine's quiet libvirt error callback for us too
        Files.createDirectories(work);
        ProcessRunner runner = new ProcessRunner();
        // The chain part holds its disk's data about four times at its peak (disk, store, one restore).
        long mediaSize = Math.max(12L << 30, diskSize * 2 + (4L << 30));
        try (BenchMedia media = tmpfs
                ? BenchMedia.tmpfs(work.resolve("media"), mediaSize, runner)
                : BenchMedia.disk(work.resolve("media"), runner)) {
            return run(work, media, diskSize, sweepSizes, reps, skip);
        }
    }

    private static int run(Path work, BenchMedia media, long diskSize, List<Long> sweepSizes, int reps,
            Set<String> skip) throws Exception {
        BenchContext ctx = new BenchContext(DiskEngine.local(Clock.systemUTC()), work, media.root, reps);
        Clock clock = Clock.systemUTC();
        Instant started = clock.instant();
        double loadBefore = LoadMonitor.oneMinuteLoad();
        ChainBenchmark chain = new ChainBenchmark(ctx, diskSize, !skip.contains("virtnbdbackup"));
        QuickRestoreSweep sweep = new QuickRestoreSweep(ctx, sweepSizes);
        ManyVmsBenchmark many = new ManyVmsBenchmark(ctx);
        List<String> failures = new ArrayList<>();
        try (LoadMonitor load = new LoadMonitor()) {
            // The two parts are independent: a failure of one is reported and the other still runs.
            if (!skip.contains("chain")) {
                attempt("the chain benchmark", chain::run, failures);
            }
            if (!skip.contains("sweep")) {
                attempt("the quick-restore sweep", sweep::run, failures);
            }
            if (!skip.contains("many")) {
                attempt("eight VMs at once", many::run, failures);
            }
            attempt("cleaning up", () -> cleanUp(ctx), failures);
            Report report = new Report(ctx.samples)
                    .runHeader("Run of " + started + " (" + Duration.between(started, clock.instant()).toSeconds()
                            + " s)", ctx.runner, Machine.versions(ctx.runner), loadBefore, load,
                            "disks, stores and restored volumes on " + media.description)
                    .line("- main disk: " + chain.diskDescription)
                    .line("- eight VMs: " + many.description)
                    .line("- quick-restore sweep disks: "
                            + (sweep.disks.isEmpty() ? "none" : String.join("; ", sweep.disks)))
                    .line("- repetitions: " + reps
                            + (failures.isEmpty() ? "" : "; **failed: " + String.join("; ", failures) + "**"))
                    .line("- redone because a teammate's test restarted libvirtd under them (their samples dropped): "
                            + (ctx.restarts.redone.isEmpty() ? "none" : String.join("; ", ctx.restarts.redone)))
                    .line("")
                    .measurements()
                    .targets(sweepSizes.stream().map(QuickRestoreSweep::label).toList());
            report.save(work.resolve("results-" + started.toString().replace(':', '-') + ".md"));
        }
        return failures.isEmpty() ? 0 : 1;
    }

    /** The compression benchmark (issue 9): its own report, in the same style. */
    static int runCompression(Path work, boolean tmpfs, long diskSize, int reps, int rateLimitMib, long rateDiskSize)
            throws Exception {
        Files.createDirectories(work);
        ProcessRunner runner = new ProcessRunner();
        // At its peak: the disk, its raw image, a copy being compressed and its compressed copy.
        long mediaSize = Math.max(4L << 30, diskSize * 5 / 2 + rateDiskSize + (1L << 30));
        try (BenchMedia media = tmpfs
                ? BenchMedia.tmpfs(work.resolve("media"), mediaSize, runner)
                : BenchMedia.disk(work.resolve("media"), runner)) {
            BenchContext ctx = new BenchContext(DiskEngine.local(Clock.systemUTC()), work, media.root, reps);
            Clock clock = Clock.systemUTC();
            Instant started = clock.instant();
            double loadBefore = LoadMonitor.oneMinuteLoad();
            CompressionBenchmark bench = new CompressionBenchmark(ctx, diskSize, rateDiskSize, rateLimitMib);
            List<String> failures = new ArrayList<>();
            try (LoadMonitor load = new LoadMonitor()) {
                attempt("the compression benchmark", bench::run, failures);
                bench.noteRatesAndSizes();
                Report report = new Report(ctx.samples).runHeader("Compression run of " + started + " ("
                        + Duration.between(started, clock.instant()).toSeconds() + " s)", ctx.runner,
                        Machine.compressionVersions(ctx.runner), loadBefore, load,
                        "disks and compressed copies on " + media.description);
                for (String line : bench.describe()) {
                    report.line("- " + line);
                }
                report.line("- repetitions: " + reps
                        + (failures.isEmpty() ? "" : "; **failed: " + String.join("; ", failures) + "**"))
                        .line("")
                        .measurements();
                bench.targets(report, load.quiet());
                report.save(work.resolve("results-compression-" + started.toString().replace(':', '-') + ".md"));
            }
            return failures.isEmpty() ? 0 : 1;
        }
    }

    private static void attempt(String part, Stopwatch.Step step, List<String> failures) {
        try {
            step.run();
        } catch (Exception e) {
            failures.add(part + ": " + e);
            System.err.println(part + " failed:");
            e.printStackTrace();
        }
    }

    /** Removes every kbt-bench- domain and every file of the run except the reports (and the classes it runs from). */
    private static void cleanUp(BenchContext ctx) throws Exception {
        // Normally every domain is gone already (BenchVm closes them); these are leftovers of a failed step.
        org.libvirt.Connect c = new org.libvirt.Connect(BenchVm.URI);
        try {
            for (String name : c.listDefinedDomains()) {
                if (name.startsWith(BenchVm.PREFIX)) {
                    BenchVm.removeLeftover(c, name);
                }
            }
            for (int id : c.listDomains()) {
                String name = c.domainLookupByID(id).getName();
                if (name.startsWith(BenchVm.PREFIX)) {
                    BenchVm.removeLeftover(c, name);
                }
            }
        } finally {
            c.close();
        }
        try (var files = Files.list(ctx.work)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (!name.startsWith("results-") && !name.equals("lib") && !name.equals("src")
                        && !name.equals("media")) {
                    // the script removes lib and src; the media empties itself
                    BenchContext.deleteTree(p);
                }
            }
        }
    }
}
