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
 * copies; the libvirt-only fulls (plain push, pull export + convert); KBOSS full, 1 % (4 MiB writes),
 * 1 % (scattered 64 KiB writes) and 10 % incrementals, the chain restore of those four files against
 * the reference convert of the chain, a backup at 50 % dirty (the engine takes a full there and
 * says why), a nothing-dirty incremental and libvirt's own incremental floor; virtnbdbackup full
 * and its 1 % incremental.
 */
final class ChainBenchmark {
    /** The disk generator's seed; the compression benchmark (issue 9) uses the same disk. */
    static final long SEED = 20261122L;
    private static final long MIB = 1L << 20;

    static final String FULL = "KBOSS full backup";
    static final String INC1 = "KBOSS incremental at 1 % dirty";
    static final String INC1_SCATTERED = "KBOSS incremental at 1 % dirty in scattered 64 KiB writes";
    static final String INC10 = "KBOSS incremental at 10 % dirty";
    static final String AT50 = "KBOSS backup at 50 % dirty (incremental asked for)";
    static final String CHAIN_RESTORE = "KBOSS restore of the chain (full + 3 incrementals)";
    static final String CHAIN_CONVERT = "qemu-img convert of the chain";
    static final String CHAIN_CONVERT_FLUSHED = "qemu-img convert -t writeback of the chain (flushed)";
    static final String DISK_FULL = "on disk: KBOSS full backup into a store on the work folder's disk";
    static final String DISK_CONVERT_FLUSHED = "on disk: qemu-img convert -t writeback of the disk into the same store";
    static final String DISK_INC1 = "on disk: KBOSS incremental at 1 % dirty into the same store";
    static final String DISK_INC10 = "on disk: KBOSS incremental at 10 % dirty into the same store";

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
        Path dir = BenchContext.mkdirs(ctx.media.resolve("main"));
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
                    fullOntoDisk(vm, disk, rep);
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
        try (var files = Files.list(ctx.media)) {
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
        Path out = ctx.media.resolve("reference-copy.qcow2");
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

    /**
     * A flush only costs something on a real disk: the KBOSS full with its 1 % and 10 % dirty
     * incrementals, and the flushed reference copy, written into a store on the work folder's own
     * filesystem in alternating order (the issue's own table was measured on such media). The store
     * is deleted and the filesystem synced before the next, so neither inherits the other's writes.
     */
    private void fullOntoDisk(BenchVm vm, BenchDisk disk, int r) throws Exception {
        Path store = BenchContext.mkdirs(ctx.work.resolve("disk-store"));
        Path copy = store.resolve("reference-copy.qcow2");
        Stopwatch.Step convert = () -> ctx.run("qemu-img", "convert", "-t", "writeback", "-U", "-f", "qcow2", "-O",
                "qcow2", disk.file.toString(), copy.toString());
        String id = "kbench-disk-" + r + "-" + attempt;
        for (boolean kbossFirst : new boolean[]{r % 2 == 1, r % 2 == 0}) {
            ctx.settle();
            if (kbossFirst) {
                BackupOutcome full = diskBackup(DISK_FULL, vm, id, null, store);
                dirty(vm, disk, 1, 4 * MIB);
                BackupOutcome inc1 = diskBackup(DISK_INC1, vm, id + "-inc1", full, store);
                dirty(vm, disk, 10, 4 * MIB);
                diskBackup(DISK_INC10, vm, id + "-inc10", inc1, store);
                ctx.engine.chains().finishChain(vm.name);
            } else {
                ctx.samples.add(DISK_CONVERT_FLUSHED, Stopwatch.seconds(convert));
            }
            BenchContext.deleteTree(store);
            BenchContext.mkdirs(store);
        }
        BenchContext.deleteTree(store);
        ctx.settle();
    }

    private BackupOutcome diskBackup(String name, BenchVm vm, String id, BackupOutcome parent, Path store)
            throws Exception {
        BackupOutcome[] result = new BackupOutcome[1];
        ctx.settle();
        ctx.samples.add(name, Stopwatch.seconds(() -> result[0] = ctx.backup(vm, id, parent, store,
                ProgressListener.NONE)));
        return result[0];
    }

    private void kbossChain(BenchVm vm, BenchDisk disk, int r) throws Exception {
        Path store = ctx.media.resolve("store-" + r + "-" + attempt);
        String id = "kbench-" + r + "-" + attempt;
        BackupOutcome full = timedBackup(FULL, vm, id + "-full", null, store);
        dirty(vm, disk, 1, 4 * MIB);
        BackupOutcome inc1 = timedBackup(INC1, vm, id + "-inc1", full, store);
        dirty(vm, disk, 1, 64 << 10);
        BackupOutcome scattered = timedBackup(INC1_SCATTERED, vm, id + "-inc1s", inc1, store);
        dirty(vm, disk, 10, 4 * MIB);
        BackupOutcome inc10 = timedBackup(INC10, vm, id + "-inc10", scattered, store);
        chainRestore(vm, disk, inc10.disks().get(0).file(), r);
        dirty(vm, disk, 50, 4 * MIB);
        BackupOutcome at50 = timedBackup(AT50, vm, id + "-inc50", inc10, store);
        // The floor under every incremental: the same call with no guest write since the last one.
        BackupOutcome nothing = timedBackup(NOTHING_DIRTY, vm, id + "-inc0", at50, store);
        new LibvirtReferences(ctx).incrementalFloor(vm, nothing.checkpointName(), nothing.disks().get(0).file(),
                disk.file, disk.size);
        ctx.engine.chains().finishChain(vm.name);
        BenchContext.deleteTree(store);
    }

    /**
     * One backup through the engine, timed and split into phases; an incremental may come back as
     * a full only at 50 % dirty, where the engine's rule takes one (its reason goes in the notes).
     */
    private BackupOutcome timedBackup(String name, BenchVm vm, String id, BackupOutcome parent, Path store)
            throws Exception {
        BackupOutcome[] result = new BackupOutcome[1];
        PhaseTimer phases = new PhaseTimer();
        ctx.settle();
        ctx.samples.add(name, Stopwatch.seconds(() -> result[0] = name.equals(AT50)
                ? ctx.backupAllowingFull(vm, id, parent, store, phases)
                : ctx.backup(vm, id, parent, store, phases)));
        phases.record(ctx.samples, name);
        BackupOutcome r = result[0];
        ctx.samples.note(name, r.kind() + ", file " + mib(r.disks().get(0).fileSize())
                + (r.fullReason() == null ? "" : "; full because " + r.fullReason()));
        return r;
    }

    /**
     * The product's restore of the 4-file chain and the reference converts of the same chain (plain,
     * with the engine's -W -m 8, and flushed), in alternating order. Each result is compared with the
     * live disk, paused and not written since the last incremental, and deleted before the next
     * (a difference voids the run).
     */
    private void chainRestore(BenchVm vm, BenchDisk disk, Path newest, int r) throws Exception {
        Path dir = BenchContext.mkdirs(ctx.media.resolve("restore"));
        List<Runnable> steps = new ArrayList<>(List.of(
                () -> restoreStep(CHAIN_RESTORE, dir.resolve("restored.qcow2"), disk,
                        out -> ctx.engine.restores().restoreVolume(newest, out, "qcow2", ProgressListener.NONE,
                                new CancelToken())),
                () -> restoreStep(CHAIN_CONVERT, dir.resolve("converted.qcow2"), disk,
                        out -> ctx.run("qemu-img", "convert", "-f", "qcow2", "-O", "qcow2", newest.toString(),
                                out.toString())),
                () -> restoreStep("qemu-img convert -W -m 8 of the chain", dir.resolve("converted-w.qcow2"), disk,
                        out -> ctx.run("qemu-img", "convert", "-W", "-m", "8", "-f", "qcow2", "-O", "qcow2",
                                newest.toString(), out.toString())),
                () -> restoreStep(CHAIN_CONVERT_FLUSHED, dir.resolve("converted-t.qcow2"), disk,
                        out -> ctx.run("qemu-img", "convert", "-t", "writeback", "-f", "qcow2", "-O", "qcow2",
                                newest.toString(), out.toString()))));
        if (r % 2 == 0) {
            java.util.Collections.reverse(steps);
        }
        // Paused, QEMU has flushed its caches, so the live file read with -U is the disk as the guest sees it.
        vm.suspend();
        try {
            steps.forEach(Runnable::run);
        } finally {
            vm.resume();
        }
        BenchContext.deleteTree(dir);
    }

    @FunctionalInterface
    private interface Restore {
        void into(Path out) throws Exception;
    }

    private void restoreStep(String name, Path out, BenchDisk disk, Restore restore) {
        timed(name, () -> restore.into(out));
        requireIdentical(out, disk.file);
        try {
            Files.delete(out);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot delete " + out + ": " + e, e);
        }
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
        Path out = ctx.media.resolve("virtnbdbackup-" + r + "-" + attempt);
        BenchContext.deleteTree(out);
        // LAB.md: QEMU (user libvirt-qemu) creates the NBD socket and the scratch file of a pull backup.
        Path socketDir = LibvirtReferences.qemuOwned(ctx.media.resolve("virtnbdbackup-socket"));
        Path scratch = LibvirtReferences.qemuOwned(ctx.media.resolve("virtnbdbackup-scratch"));
        List<String> common = List.of("-d", vm.name, "-o", out.toString(), "-n", "-f",
                socketDir.resolve("nbd.sock").toString(), "-S", scratch.toString());
        ctx.settle();
        ctx.samples.add("virtnbdbackup full", Stopwatch.seconds(() -> virtnbdbackup("full", common)));
        ctx.samples.note("virtnbdbackup full", "output " + mib(ctx.allocatedBytes(out)));
        dirty(vm, disk, 1, 4 * MIB);
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
     * Dirties {@code percent} of the disk's virtual size with guest writes of {@code chunk} bytes
     * spread evenly over its data (a new pattern each round, so every write really changes the bytes).
     */
    private void dirty(BenchVm vm, BenchDisk disk, int percent, long chunk) throws Exception {
        int pattern = 0x10 + (writeRound++ % 0xe0);
        vm.writeAll(pattern, disk.dirtyOffsets(disk.size * percent / 100, Math.min(chunk, disk.slotSize())), chunk);
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
