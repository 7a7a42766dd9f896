package io.kboss.agent.bench;

import io.kboss.agent.disk.domain.BackupOutcome;
import io.kboss.agent.disk.domain.ProgressListener;
import io.kboss.agent.disk.domain.QuickRestoreListener;
import io.kboss.agent.disk.domain.QuickRestoreOutcome;
import io.kboss.agent.domain.CancelToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Time until the VM runs again, quick restore against full restore, for disks of growing size.
 * Each disk is sparse and holds one eighth of its size in data; each repetition runs both kinds
 * of restore from the same full backup, alternating which goes first.
 */
final class QuickRestoreSweep {
    static final int DATA_EVERY = 8;
    private static final long SEED = 20261123L;

    private final BenchContext ctx;
    private final List<Long> sizes;
    final List<String> disks = new ArrayList<>();
    private int attempt;

    QuickRestoreSweep(BenchContext ctx, List<Long> sizes) {
        this.ctx = ctx;
        this.sizes = sizes;
    }

    void run() throws Exception {
        for (long size : sizes) {
            Path dir = BenchContext.mkdirs(ctx.work.resolve("sweep-" + (size >> 20)));
            BenchDisk disk = BenchDisk.generate(dir.resolve("vol.qcow2"), size, DATA_EVERY, SEED, ctx.runner);
            disks.add(disk.describe());
            try (BenchVm vm = BenchVm.define("qr" + (size >> 20), disk.file)) {
                Path store = dir.resolve("store");
                BackupOutcome[] full = new BackupOutcome[1];
                ctx.restarts.run("quick-restore sweep, backup of the " + label(size) + " disk", () -> {
                    vm.start();
                    full[0] = ctx.backup(vm, "kbench-qr-full-" + (++attempt), null, store, ProgressListener.NONE);
                    vm.stop();
                    // Every restore ends the chain; ending it here keeps that one-off cost out of the first timing.
                    ctx.engine.chains().finishChain(vm.name);
                }, () -> {
                    vm.stop();
                    ctx.engine.chains().finishChain(vm.name);
                    BenchContext.deleteTree(store);
                });
                Path backup = full[0].disks().get(0).file();
                if (size == sizes.get(0)) {
                    // Unrecorded: the first restore of the run also pays for class loading and JIT.
                    Samples discarded = new Samples();
                    ctx.restarts.run("quick-restore sweep, warm-up", () -> {
                        quick(vm, size, backup, discarded);
                        full(vm, size, backup, discarded);
                    }, vm::stop);
                }
                for (int r = 1; r <= ctx.reps; r++) {
                    System.out.println("quick restore sweep: " + label(size) + ", repetition " + r + " of " + ctx.reps);
                    boolean quickFirst = r % 2 == 1;
                    ctx.restarts.run("quick-restore sweep, " + label(size) + " repetition " + r, () -> {
                        if (quickFirst) {
                            quick(vm, size, backup, ctx.samples);
                            full(vm, size, backup, ctx.samples);
                        } else {
                            full(vm, size, backup, ctx.samples);
                            quick(vm, size, backup, ctx.samples);
                        }
                    }, vm::stop);
                }
            } finally {
                BenchContext.deleteTree(dir);
            }
        }
    }

    static String label(long size) {
        return (size >> 30) > 0 && size % (1L << 30) == 0 ? (size >> 30) + " GiB" : (size >> 20) + " MiB";
    }

    private void quick(BenchVm vm, long size, Path backup, Samples samples) throws Exception {
        long[] running = new long[1];
        QuickRestoreListener listener = new QuickRestoreListener() {
            @Override
            public void vmStarted() {
                running[0] = System.nanoTime();
            }

            @Override
            public void progress(long done, long total) {
            }
        };
        ctx.settle();
        long start = System.nanoTime();
        QuickRestoreOutcome result = ctx.engine.quickRestores().quickRestore(vm.name, Map.of("vda", backup), listener,
                new CancelToken());
        long end = System.nanoTime();
        if (result.status() != QuickRestoreOutcome.Status.CONSOLIDATED || !vm.running()) {
            throw new IllegalStateException("quick restore of " + vm.name + " ended " + result.status()
                    + "; the sweep's figures are void");
        }
        samples.add("quick restore, time to running, " + label(size), (running[0] - start) / 1e9);
        samples.add("quick restore, until consolidated, " + label(size), (end - start) / 1e9);
        vm.stop();
        for (QuickRestoreOutcome.Disk d : result.disks()) {
            if (d.replaced() != null) {
                Files.deleteIfExists(d.replaced());
            }
        }
    }

    private void full(BenchVm vm, long size, Path backup, Samples samples) throws Exception {
        ctx.settle();
        double restore = Stopwatch.seconds(() -> ctx.engine.restores().restoreVm(vm.name, Map.of("vda", backup),
                ProgressListener.NONE, new CancelToken()));
        double start = Stopwatch.seconds(vm::start);
        samples.add("full restore, time to running, " + label(size), restore + start);
        vm.stop();
    }
}
