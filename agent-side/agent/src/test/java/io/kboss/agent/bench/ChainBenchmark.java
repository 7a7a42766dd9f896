package io.kboss.agent.bench;

import io.kboss.agent.disk.domain.BackupOutcome;
import io.kboss.agent.disk.domain.ProgressListener;
import io.kboss.agent.domain.CancelToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Full, incremental and chain-restore figures on one disk, the product side by side with
 * {@code qemu-img convert} and Debian's virtnbdbackup. Each repetition runs every tool once, in
 * the same order, so a change of load during the run hits all of them alike: the three reference
 * copies; the libvirt-only fulls (plain push, pull export + convert); KBOSS full, 1 %, 10 % and 50 %
 * incrementals, the chain restore against the reference convert of the chain, a nothing-dirty
 * incremental and libvirt's own incremental floor; virtnbdbackup full and its 1 % incremental.
 */
final class ChainBenchmark {
    static final int[] DIRTY_PERCENT = {1, 10, 50};
    private static final long SEED = 20261122L;

    static final String NOTHING_DIRTY = "KBOSS incremental with nothing dirty (its fixed cost)";
    static final String REFERENCE = "qemu-img convert of the disk";
    static final String REFERENCE_W = "qemu-img convert -W -m 8 of the disk";
    static final String REFERENCE_FLUSHED = "qemu-img convert -t writeback of the disk (flushed, as QEMU's backup job)";
    private final BenchContext ctx;
    private final long diskSize;
    private final boolean withVirtnbdbackup;
    private int writeRound;
    /** Counts attempts, so a redone repetition never meets the names of the one it replaces. */
    private int attempt;
    String diskDescription = "not generated";

    ChainBenchmark(BenchContext ctx, long diskSize, boolean withVirtnbdbackup) {
        this.ctx = ctx;
        this.diskSize = diskSize;
        this.withVirtnbdbackup = withVirtnbdbackup;
    }

    void run() throws Exception {
        Path dir = BenchContext.mkdirs(ctx.work.resolve("main"));
        BenchDisk disk = BenchDisk.generate(dir.resolve("disk.qcow2"), diskSize, 2, SEED, ctx.runner);
        diskDescription = disk.describe();
        LibvirtReferences references = new LibvirtReferences(ctx);
        try (BenchVm vm = BenchVm.define("main", disk.file)) {
            vm.start();
            for (int r = 1; r <= ctx.reps; r++) {
                int rep = r;
                System.out.println("chain benchmark: repetition " + r + " of " + ctx.reps);
                ctx.restarts.run("chain benchmark repetition " + r, () -> {
                    attempt++;
                    referenceCopies(disk);
                    references.plainPush(vm);
                    references.pullConvert(vm);
                    kbossChain(vm, disk, rep);
                    if (withVirtnbdbackup) {
                        virtnbdbackup(vm, disk, rep);
                    }
                }, () -> recover(vm));
            }
        }
    }

    /** After libvirtd went away mid-repetition: a stopped VM without checkpoints, no leftover files. */
    private void recover(BenchVm vm) throws Exception {
        vm.stop();
        ctx.engine.chains().finishChain(vm.name);
        try (var files = Files.list(ctx.work)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith("store-") || name.startsWith("virtnbdbackup-") || name.startsWith("restore")
                        || name.startsWith("pull") || name.endsWith("-copy.qcow2") || name.equals("plain-push.qcow2")) {
                    BenchContext.deleteTree(p);
                }
            }
        }
        vm.start();
    }

    /**
     * qemu-img convert as everyone types it (its default cache mode for the target, "unsafe", never
     * flushes), with the out-of-order writes the engine's restore uses, and with the writeback cache
     * that flushes the copy to disk at the end as QEMU's backup job does with its target.
     */
    private void referenceCopies(BenchDisk disk) throws Exception {
        Path out = ctx.work.resolve("reference-copy.qcow2");
        for (String name : List.of(REFERENCE, REFERENCE_W, REFERENCE_FLUSHED)) {
            Files.deleteIfExists(out);
            List<String> cmd = new ArrayList<>(List.of("qemu-img", "convert"));
            if (name.equals(REFERENCE_W)) {
                cmd.addAll(List.of("-W", "-m", "8"));
            } else if (name.equals(REFERENCE_FLUSHED)) {
                cmd.addAll(List.of("-t", "writeback"));
            }
            // -U: the domain runs and holds its lock, as it does during the backups measured next.
            cmd.addAll(List.of("-U", "-f", "qcow2", "-O", "qcow2", disk.file.toString(), out.toString()));
            ctx.settle();
            ctx.samples.add(name, Stopwatch.seconds(() -> ctx.runner.run(cmd, BenchContext.PROGRAM_TIMEOUT)));
            ctx.samples.note(name, "writes " + mib(ctx.allocatedBytes(out)));
        }
        Files.delete(out);
    }

    private void kbossChain(BenchVm vm, BenchDisk disk, int r) throws Exception {
        Path store = ctx.work.resolve("store-" + r + "-" + attempt);
        BackupOutcome[] last = new BackupOutcome[1];
        ctx.settle();
        PhaseTimer fullPhases = new PhaseTimer();
        ctx.samples.add("KBOSS full backup", Stopwatch.seconds(
                () -> last[0] = ctx.backup(vm, "kbench-" + r + "-" + attempt + "-full", null, store, fullPhases)));
        fullPhases.record(ctx.samples, "KBOSS full backup");
        ctx.samples.note("KBOSS full backup", "file " + mib(last[0].disks().get(0).fileSize()));
        for (int pct : DIRTY_PERCENT) {
            dirty(vm, disk, pct);
            BackupOutcome parent = last[0];
            ctx.settle();
            String name = "KBOSS incremental at " + pct + " % dirty";
            PhaseTimer phases = new PhaseTimer();
            ctx.samples.add(name, Stopwatch.seconds(() -> last[0] = ctx.backup(vm,
                    "kbench-" + r + "-" + attempt + "-inc" + pct, parent, store, phases)));
            phases.record(ctx.samples, name);
            ctx.samples.note(name, "file " + mib(last[0].disks().get(0).fileSize()));
        }
        chainRestore(vm, disk, last[0].disks().get(0).file(), r);
        // The floor under every incremental: the same call with no guest write since the last one.
        BackupOutcome parent = last[0];
        PhaseTimer phases = new PhaseTimer();
        ctx.settle();
        ctx.samples.add(NOTHING_DIRTY, Stopwatch.seconds(
                () -> last[0] = ctx.backup(vm, "kbench-" + r + "-" + attempt + "-inc0", parent, store, phases)));
        phases.record(ctx.samples, NOTHING_DIRTY);
        ctx.samples.note(NOTHING_DIRTY, "file " + mib(last[0].disks().get(0).fileSize()));
        new LibvirtReferences(ctx).incrementalFloor(vm, last[0].checkpointName(), last[0].disks().get(0).file(),
                disk.file, disk.size);
        ctx.engine.chains().finishChain(vm.name);
        BenchContext.deleteTree(store);
    }

    /**
     * The product's restore of the 4-file chain and the reference convert of the same chain, in
     * alternating order; then both results are checked against the live disk, which has not been
     * written since the last incremental.
     */
    private void chainRestore(BenchVm vm, BenchDisk disk, Path newest, int r) throws Exception {
        Path restored = BenchContext.mkdirs(ctx.work.resolve("restore")).resolve("restored.qcow2");
        Path converted = ctx.work.resolve("restore/converted.qcow2");
        Runnable product = () -> timed("KBOSS restore of the chain (full + 3 incrementals)", () -> ctx.engine.restores()
                .restoreVolume(newest, restored, "qcow2", ProgressListener.NONE, new CancelToken()));
        Runnable reference = () -> timed("qemu-img convert of the chain", () -> ctx.run("qemu-img", "convert", "-f",
                "qcow2", "-O", "qcow2", newest.toString(), converted.toString()));
        // The engine's own command line, to tell its flags from its other work.
        Path convertedW = ctx.work.resolve("restore/converted-w.qcow2");
        Runnable referenceW = () -> timed("qemu-img convert -W -m 8 of the chain",
                () -> ctx.run("qemu-img", "convert", "-W", "-m", "8", "-f", "qcow2", "-O", "qcow2", newest.toString(),
                        convertedW.toString()));
        if (r % 2 == 1) {
            product.run();
            reference.run();
            referenceW.run();
        } else {
            referenceW.run();
            reference.run();
            product.run();
        }
        // Paused, QEMU has flushed its caches, so the file read with -U is the disk as the guest sees it.
        vm.suspend();
        try {
            requireIdentical(restored, disk.file);
            requireIdentical(converted, disk.file);
            requireIdentical(convertedW, disk.file);
        } finally {
            vm.resume();
        }
        BenchContext.deleteTree(restored.getParent());
    }

    private void requireIdentical(Path a, Path b) {
        int status = ctx.runner.run(List.of("qemu-img", "compare", "-U", a.toString(), b.toString()),
                BenchContext.PROGRAM_TIMEOUT, Set.of(0, 1)).exitStatus();
        if (status != 0) {
            throw new IllegalStateException(a + " differs from the live disk " + b + ": the restore is wrong, the"
                    + " figures of this run are void");
        }
    }

    private void virtnbdbackup(BenchVm vm, BenchDisk disk, int r) throws Exception {
        Path out = ctx.work.resolve("virtnbdbackup-" + r + "-" + attempt);
        BenchContext.deleteTree(out);
        // LAB.md: QEMU (user libvirt-qemu) creates the NBD socket and the scratch file of a pull backup.
        Path socketDir = LibvirtReferences.qemuOwned(ctx.work.resolve("virtnbdbackup-socket"));
        Path scratch = LibvirtReferences.qemuOwned(ctx.work.resolve("virtnbdbackup-scratch"));
        List<String> common = List.of("-d", vm.name, "-o", out.toString(), "-n", "-f",
                socketDir.resolve("nbd.sock").toString(), "-S", scratch.toString());
        ctx.settle();
        ctx.samples.add("virtnbdbackup full", Stopwatch.seconds(() -> virtnbdbackup("full", common)));
        ctx.samples.note("virtnbdbackup full", "output " + mib(ctx.allocatedBytes(out)));
        dirty(vm, disk, 1);
        long before = ctx.allocatedBytes(out);
        ctx.settle();
        ctx.samples.add("virtnbdbackup incremental at 1 % dirty",
                Stopwatch.seconds(() -> virtnbdbackup("inc", common)));
        ctx.samples.note("virtnbdbackup incremental at 1 % dirty", "output " + mib(ctx.allocatedBytes(out) - before));
        ctx.engine.chains().finishChain(vm.name);
        BenchContext.deleteTree(out);
    }

    private void virtnbdbackup(String level, List<String> common) {
        List<String> cmd = new ArrayList<>(List.of("virtnbdbackup", "-l", level));
        cmd.addAll(common);
        ctx.runner.run(cmd, BenchContext.PROGRAM_TIMEOUT);
    }

    /**
     * Dirties {@code percent} of the disk's virtual size with guest writes spread evenly over its
     * data (a new pattern each round, so every write really changes the bytes).
     */
    private void dirty(BenchVm vm, BenchDisk disk, int percent) throws Exception {
        long chunk = Math.min(4L << 20, disk.slotSize());
        int pattern = 0x10 + (writeRound++ % 0xe0);
        for (long offset : disk.dirtyOffsets(disk.size * percent / 100, chunk)) {
            vm.write(pattern, offset, chunk);
        }
    }

    private void timed(String name, Stopwatch.Step step) {
        try {
            ctx.settle();
            ctx.samples.add(name, Stopwatch.seconds(step));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(name + " failed: " + e.getMessage(), e);
        }
    }

    static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1048576.0);
    }
}
