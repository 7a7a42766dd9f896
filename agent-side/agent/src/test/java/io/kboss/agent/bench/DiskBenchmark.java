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
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--work" -> work = Path.of(value).toAbsolutePath();
                case "--disk-mib" -> diskMib = Long.parseLong(value);
                case "--sweep-mib" -> sweep = parseSizes(value);
                case "--reps" -> reps = Integer.parseInt(value);
                case "--skip" -> skip = Set.of(value.split(","));
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
                    .line("### Run of " + started + " (" + Duration.between(started, clock.instant()).toSeconds()
                            + " s)")
                    .line("")
                    .line("- machine: " + Machine.describe(ctx.runner))
                    .line("- code measured: " + System.getProperty("kboss.bench.revision", "as built"))
                    .line("- versions: " + Machine.versions(ctx.runner))
                    .line("- load: 1-min load average " + loadBefore + " at the start; " + load.summary()
                            + (load.quiet() ? "" : " **(not a quiet machine: read the ratios, not the seconds)**"))
                    .line("- media: disks, stores and restored volumes on " + media.description)
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
            Path out = work.resolve("results-" + started.toString().replace(':', '-') + ".md");
            Files.writeString(out, report.toString());
            System.out.println(report);
            System.out.println("report written to " + out);
        }
        return failures.isEmpty() ? 0 : 1;
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
