package io.kboss.agent.bench;

import io.kboss.agent.disk.domain.ProgressListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Eight VMs with data backed up at once on one host, with at most 2, 4 and 8 backups running
 * together, against one VM backed up alone. The limit is applied where the agent applies its
 * {@code jobs.max.concurrent}: a pool of that many job threads calling the disk engine (the engine
 * level; the management server's own per-host limit only decides how many it sends). Meanwhile
 * {@link LibvirtProbe} does what the agent's VM listing does every 50 ms and the slowest call is
 * reported: the host must stay responsive while it backs up.
 *
 * <p>Each VM has a 1 GiB disk with 256 MiB of data (every fourth 16 MiB slot, the same three kinds
 * of data as the main disk); every repetition runs one alone, then 2, 4 and 8 at once, each a full
 * backup of all eight into a fresh store, the chains finished after each round.
 */
final class ManyVmsBenchmark {
    static final int VMS = 8;
    static final int[] LIMITS = {2, 4, 8};
    static final String ALONE = "8 VMs: one VM alone, full backup";
    private static final long DISK = 1L << 30;
    private static final int DATA_EVERY = 4;
    private static final long SEED = 20261207L;

    private final BenchContext ctx;
    String description = "not run";
    private int round;

    ManyVmsBenchmark(BenchContext ctx) {
        this.ctx = ctx;
    }

    static String atOnce(int limit) {
        return "8 VMs at once, at most " + limit + " at a time: all backed up";
    }

    static String slowestCall(int limit) {
        return "8 VMs at once, at most " + limit + " at a time: slowest libvirt call (VM listing)";
    }

    void run() throws Exception {
        Path dir = BenchContext.mkdirs(ctx.media.resolve("many"));
        List<BenchVm> vms = new ArrayList<>();
        try {
            BenchDisk sample = null;
            for (int i = 0; i < VMS; i++) {
                BenchDisk disk = BenchDisk.generate(dir.resolve("vm" + i + ".qcow2"), DISK, DATA_EVERY, SEED + i,
                        ctx.runner);
                sample = disk;
                vms.add(BenchVm.define("many" + i, disk.file));
            }
            description = VMS + " VMs, each " + sample.describe();
            for (BenchVm vm : vms) {
                vm.start();
            }
            long data = sample.dataBytes();
            for (int r = 1; r <= ctx.reps; r++) {
                System.out.println("8 VMs: repetition " + r + " of " + ctx.reps);
                ctx.restarts.run("8 VMs, repetition " + r, () -> {
                    backUp(vms.subList(0, 1), 1, ALONE, null, data);
                    for (int limit : LIMITS) {
                        backUp(vms, limit, atOnce(limit), slowestCall(limit), data);
                    }
                }, () -> {
                    for (BenchVm vm : vms) {
                        vm.stop();
                        ctx.engine.chains().finishChain(vm.name);
                        vm.start();
                    }
                });
            }
        } finally {
            for (BenchVm vm : vms) {
                vm.close();
            }
            BenchContext.deleteTree(dir);
        }
    }

    /** Full backups of {@code vms}, at most {@code limit} at a time; then their chains are finished. */
    private void backUp(List<BenchVm> vms, int limit, String name, String probeName, long dataPerVm)
            throws Exception {
        Path store = ctx.media.resolve("many-store-" + (++round));
        ctx.settle();
        ExecutorService jobs = Executors.newFixedThreadPool(limit);
        double seconds;
        try (LibvirtProbe probe = probeName == null ? null : LibvirtProbe.start()) {
            seconds = Stopwatch.seconds(() -> {
                List<Future<?>> running = new ArrayList<>();
                for (int i = 0; i < vms.size(); i++) {
                    BenchVm vm = vms.get(i);
                    String id = "kbench-many-" + round + "-vm" + i; // the backup's file name too: one per VM
                    running.add(jobs.submit(() -> ctx.backup(vm, id, null, store, ProgressListener.NONE)));
                }
                for (Future<?> f : running) {
                    f.get();
                }
            });
            if (probe != null) {
                LibvirtProbe.Result calls = probe.stop();
                ctx.samples.add(probeName, calls.slowest());
                ctx.samples.note(probeName, calls.describe());
            }
        } finally {
            jobs.shutdownNow();
        }
        ctx.samples.add(name, seconds);
        ctx.samples.note(name, String.format(Locale.ROOT, "%d VM(s) x %d MiB of data", vms.size(), dataPerVm >> 20));
        for (BenchVm vm : vms) {
            ctx.engine.chains().finishChain(vm.name);
        }
        BenchContext.deleteTree(store);
    }

    /** Aggregate throughput of the eight at {@code limit}, as a multiple of one VM alone's (medians). */
    static double throughputGain(Samples s, int limit) {
        return VMS * s.median(ALONE) / s.median(atOnce(limit));
    }
}
