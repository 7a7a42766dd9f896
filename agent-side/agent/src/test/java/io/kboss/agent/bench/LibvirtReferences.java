package io.kboss.agent.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * Full copies of the running VM's disk made with libvirt directly, without KBOSS code, to show
 * where a full backup's time goes: a plain push {@code backup-begin} (what the engine wraps), and
 * a pull-mode export read by {@code qemu-img convert} (a candidate design for the engine's fulls,
 * measured here as a prototype only). Neither creates a checkpoint.
 */
final class LibvirtReferences {
    static final String PLAIN_PUSH = "libvirt push backup-begin, full, no checkpoint (no KBOSS code)";
    static final String PULL_CONVERT = "prototype: libvirt pull-mode export + qemu-img convert -W -m 8 (no KBOSS code)";
    static final String INC_PLAIN = "libvirt push incremental + checkpoint, nothing dirty, libvirt creates the target"
            + " (no KBOSS code)";
    static final String INC_REUSE = "prototype: push incremental + checkpoint, nothing dirty, into a target pre-created with its"
            + " relative backing (REUSE_EXTERNAL, no rebase; no KBOSS code)";
    private static final int BACKUP_BEGIN_REUSE_EXTERNAL = 1;
    private static final int STATS_COMPLETED = 1;
    private static final int JOB_COMPLETED = 3;

    private final BenchContext ctx;

    LibvirtReferences(BenchContext ctx) {
        this.ctx = ctx;
    }

    void plainPush(BenchVm vm) throws Exception {
        Path target = ctx.media.resolve("plain-push.qcow2");
        Files.deleteIfExists(target);
        String xml = "<domainbackup mode='push'><disks><disk name='vda' backup='yes' type='file'><target file='"
                + target + "'/><driver type='qcow2'/></disk></disks></domainbackup>";
        vm.on(d -> d.getJobStats(STATS_COMPLETED)); // drops an earlier job's completed stats
        ctx.settle();
        ctx.samples.add(PLAIN_PUSH, Stopwatch.seconds(() -> vm.on(d -> {
            d.backupBegin(xml, null, 0);
            waitForNoJob(d);
            if (d.getJobStats(STATS_COMPLETED).type != JOB_COMPLETED) {
                throw new IllegalStateException("the plain push backup of " + vm.name + " did not complete");
            }
            return null;
        })));
        ctx.samples.note(PLAIN_PUSH, "file " + ChainBenchmark.mib(Files.size(target)));
        Files.delete(target);
    }

    /**
     * Starts a pull-mode backup (QEMU exports the disk as it was at the start over NBD, guest
     * writes meanwhile go to the scratch file first), copies the export with qemu-img, ends the job.
     */
    void pullConvert(BenchVm vm) throws Exception {
        Path dir = qemuOwned(ctx.media.resolve("pull"));
        Path socket = dir.resolve("nbd.sock");
        Path out = ctx.media.resolve("pull-copy.qcow2");
        Files.deleteIfExists(out);
        String xml = "<domainbackup mode='pull'><server transport='unix' socket='" + socket + "'/><disks>"
                + "<disk name='vda' backup='yes' type='file'><scratch file='" + dir.resolve("scratch.qcow2")
                + "'/><driver type='qcow2'/></disk></disks></domainbackup>";
        ctx.settle();
        ctx.samples.add(PULL_CONVERT, Stopwatch.seconds(() -> vm.on(d -> {
            d.backupBegin(xml, null, 0);
            try {
                ctx.run("qemu-img", "convert", "-W", "-m", "8", "-f", "raw", "nbd+unix:///vda?socket=" + socket,
                        "-O", "qcow2", out.toString());
            } finally {
                d.abortJob(); // a pull job ends when its client says so
                waitForNoJob(d);
            }
            return null;
        })));
        ctx.samples.note(PULL_CONVERT, "file " + ChainBenchmark.mib(ctx.allocatedBytes(out)));
        Files.delete(out);
        BenchContext.deleteTree(dir);
    }

    /**
     * The floor of an incremental without KBOSS code, two ways, from {@code checkpoint} (which has
     * seen no write since), each creating a checkpoint as the engine does: libvirt creating the target (it then names the live disk as backing, so
     * the engine must rebase afterwards), and a target pre-created by qemu-img with the relative
     * backing the engine wants, which libvirt reuses as it is. The second is checked against the
     * paused live disk, since it is proposed as a design.
     */
    void incrementalFloor(BenchVm vm, String checkpoint, Path parentFile, Path liveDisk, long size) throws Exception {
        Path plain = parentFile.resolveSibling("floor-plain.qcow2");
        Path reused = parentFile.resolveSibling("floor-reuse.qcow2");
        Files.deleteIfExists(plain);
        Files.deleteIfExists(reused);
        vm.on(d -> d.getJobStats(STATS_COMPLETED));
        ctx.settle();
        ctx.samples.add(INC_PLAIN, Stopwatch.seconds(() -> vm.on(d -> {
            d.backupBegin(incrementalXml(checkpoint, plain), checkpointXml(checkpoint + "-floor-plain"), 0);
            waitForCompletion(d, vm);
            return null;
        })));
        ctx.settle();
        ctx.samples.add(INC_REUSE, Stopwatch.seconds(() -> {
            ctx.run("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", parentFile.getFileName().toString(),
                    reused.toString(), Long.toString(size));
            vm.on(d -> {
                d.backupBegin(incrementalXml(checkpoint, reused), checkpointXml(checkpoint + "-floor-reuse"),
                        BACKUP_BEGIN_REUSE_EXTERNAL);
                waitForCompletion(d, vm);
                return null;
            });
        }));
        vm.suspend();
        try {
            int status = ctx.runner
                    .run(java.util.List.of("qemu-img", "compare", "-U", reused.toString(), liveDisk.toString()),
                            BenchContext.PROGRAM_TIMEOUT, java.util.Set.of(0, 1))
                    .exitStatus();
            if (status != 0) {
                throw new IllegalStateException(
                        "the pre-created incremental " + reused + " over its parent differs from"
                                + " the live disk: the REUSE_EXTERNAL design does not hold");
            }
        } finally {
            vm.resume();
        }
        Files.delete(plain);
        Files.delete(reused);
    }

    /** A new checkpoint, as every KBOSS backup creates one; finishing the chain deletes it. */
    private static String checkpointXml(String name) {
        return "<domaincheckpoint><name>" + name + "</name><disks><disk name='vda' checkpoint='bitmap'/></disks>"
                + "</domaincheckpoint>";
    }

    private static String incrementalXml(String checkpoint, Path target) {
        return "<domainbackup mode='push'><incremental>" + checkpoint + "</incremental><disks><disk name='vda'"
                + " backup='yes' type='file'><target file='" + target + "'/><driver type='qcow2'/></disk></disks>"
                + "</domainbackup>";
    }

    private static void waitForCompletion(Domain d, BenchVm vm) throws LibvirtException {
        waitForNoJob(d);
        if (d.getJobStats(STATS_COMPLETED).type != JOB_COMPLETED) {
            throw new IllegalStateException("a backup job of " + vm.name + " did not complete");
        }
    }

    private static void waitForNoJob(Domain d) throws LibvirtException {
        while (d.getJobStats(0).type != 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a libvirt backup job", e);
            }
        }
    }

    static Path qemuOwned(Path dir) throws Exception {
        BenchContext.mkdirs(dir);
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(dir, users.lookupPrincipalByName("libvirt-qemu"));
        return dir;
    }
}
