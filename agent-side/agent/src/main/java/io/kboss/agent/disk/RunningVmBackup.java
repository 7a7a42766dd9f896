package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.BackupKind;
import io.kboss.agent.disk.domain.BackupOutcome;
import io.kboss.agent.disk.domain.BackupRequest;
import io.kboss.agent.disk.domain.BackupTarget;
import io.kboss.agent.disk.domain.DiskBackupOutcome;
import io.kboss.agent.disk.domain.DiskOperationException;
import io.kboss.agent.disk.domain.NotEnoughSpaceException;
import io.kboss.agent.disk.domain.ProgressListener;
import io.kboss.agent.domain.CancelToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.libvirt.Domain;
import org.libvirt.DomainJobStats;
import org.libvirt.LibvirtException;
import org.libvirt.TypedParameter;
import org.libvirt.TypedUlongParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backs up a running VM with one libvirt push-mode backup job over all requested disks, creating
 * a checkpoint (a persistent dirty bitmap per disk) that the next incremental starts from.
 *
 * <p>Failure policy: the push job never pauses the guest; on any failure the job is aborted, the
 * half-made checkpoint deleted (otherwise the next incremental would miss the writes made since
 * the failed backup's start) and the partial files removed. The exception says whether all of that
 * worked ({@link DiskOperationException#vmDisksConsistent()}).
 *
 * <p>Where the time goes and why it is done this way (docs/BENCHMARKS.md, issue 14): QEMU's job
 * copies at the same cost per byte for a full and an incremental, so what an incremental can save
 * is its fixed cost. The engine writes the targets itself ({@link Qcow2}, an incremental already
 * backed by its parent under its relative name) and libvirt reuses them
 * ({@code REUSE_EXTERNAL}): no target-creation job in QEMU, no {@code qemu-img rebase} and no
 * {@code qemu-img info} afterwards. The job's end is seen by polling that starts at
 * {@link #FIRST_POLL} and backs off to {@link #POLL}, so a short job is not charged a whole
 * polling interval. An incremental whose dirty bytes reach half of what a full would copy is
 * taken as a full ({@link #FULL_FROM_DIRTY_SHARE}): its copy would save little and the chain would
 * grow by a file every later restore and merge reads. The dirty bytes come from the previous
 * checkpoint's size (libvirt merges its bitmaps in QEMU and counts them), asked once before any
 * job starts and used for the space check as well; until stop 22 the engine started the
 * incremental, read the job's total and, past half, aborted it and started a full, which made such
 * a backup cost a quarter more than a plain full (docs/BENCHMARKS.md, issue 14).
 */
final class RunningVmBackup {
    private static final Logger log = LoggerFactory.getLogger(RunningVmBackup.class);
    static final int JOB_NONE = 0;
    static final int JOB_COMPLETED = 3;
    static final int JOB_CANCELLED = 5;
    static final int STATS_COMPLETED = 1;
    /** virDomainBackupBegin flag: the targets exist already, libvirt opens them as they are. */
    static final int BACKUP_BEGIN_REUSE_EXTERNAL = 1;
    /** The longest wait between two looks at a running job (and at other libvirt jobs the engine follows). */
    static final Duration POLL = Duration.ofMillis(20);
    /** The first wait after the job started; each later one doubles, up to {@link #POLL}. */
    static final Duration FIRST_POLL = Duration.ofMillis(1);
    /** How long an aborted job may take to go away. */
    private static final Duration ABORT_WAIT = Duration.ofSeconds(30);
    /**
     * An incremental with at least this share of a full's bytes dirty becomes a full. At half, the
     * incremental still copies at most half of what the full copies, which leaves room for the
     * extra cost per byte of scattered dirty clusters (QEMU copies one dirty run per request).
     */
    static final double FULL_FROM_DIRTY_SHARE = 0.5;

    private final Clock clock;
    private final Duration agentTimeout;

    RunningVmBackup(Clock clock, Duration agentTimeout) {
        this.clock = clock;
        this.agentTimeout = agentTimeout;
    }

    BackupOutcome backup(Hypervisor hv, Domain domain, BackupRequest req, ProgressListener progress,
            CancelToken cancel) throws LibvirtException {
        Instant start = clock.instant();
        Map<String, VmDisk> vmDisks = DomainXml.parse(domain.getXMLDesc(0)).disks();
        Disks.requireQcow2(req, vmDisks);
        Map<String, Long> sizes = Disks.virtualSizes(req, vmDisks);
        Checkpoints checkpoints = new Checkpoints(domain, req.vmName());
        String fullReason = req.incremental() ? ensurePrevious(checkpoints, req) : null;
        boolean incremental = req.incremental() && fullReason == null;
        if (incremental) {
            // One question to libvirt serves both the choice and the space check: what the
            // incremental would copy, per disk, before anything starts.
            Map<String, Long> dirty = checkpoints.dirtyBytes(req.previousCheckpoint());
            String cheaper = fullIsCheaper(req, vmDisks, dirty);
            if (cheaper != null && fullFits(req, vmDisks)) {
                fullReason = cheaper;
                incremental = false;
            } else {
                requireSpace(req, vmDisks, dirty, true);
            }
        } else {
            requireSpace(req, vmDisks, Map.of(), false);
        }
        BackupTargets targets = new BackupTargets(req);
        targets.prepare();
        GuestFreeze freeze = new GuestFreeze(hv, domain, req.vmName(), clock, agentTimeout);
        try {
            if (cancel.isCancelled()) {
                // Before the guest is frozen or a checkpoint made: a cancel that came this early costs nothing.
                throw new DiskOperationException("backup of VM " + req.vmName() + " cancelled before it started",
                        null, true, true);
            }
            try {
                start(domain, req, vmDisks, targets, sizes, incremental, freeze);
            } catch (LibvirtException e) {
                if (!incremental || !e.getMessage().contains("bitmap")) {
                    throw e;
                }
                // The metadata survived but a disk lost its bitmap (replaced image, crash of QEMU
                // before it stored the bitmap): the chain cannot go on, a full can.
                fullReason = "libvirt refused the incremental from checkpoint " + req.previousCheckpoint()
                        + ": " + e.getMessage();
                incremental = false;
                targets.discard();
                requireSpace(req, vmDisks, Map.of(), false);
                start(domain, req, vmDisks, targets, sizes, false, freeze);
            }
            waitForJob(domain, req, progress, cancel, start);
            targets.publish();
            List<DiskBackupOutcome> results = targets.describe(sizes, incremental);
            String checkpointXml = checkpoints.xml(req.checkpointName());
            log.info(
                    "backup {} of running VM {}: {} of {} disk(s), {} bytes written, {} ms, quiesced {}, frozen {} ms{}",
                    req.checkpointName(), req.vmName(), incremental ? "incremental" : "full", results.size(),
                    results.stream().mapToLong(DiskBackupOutcome::fileSize).sum(),
                    Duration.between(start, clock.instant()).toMillis(),
                    freeze.quiesced(), freeze.frozen().toMillis(),
                    fullReason == null ? "" : "; full because " + fullReason);
            return new BackupOutcome(incremental ? BackupKind.INCREMENTAL : BackupKind.FULL, fullReason,
                    req.checkpointName(), checkpointXml, results, true, freeze.quiesced(), freeze.frozen(),
                    freeze.notQuiescedReason(), Duration.between(start, clock.instant()));
        } catch (DiskOperationException e) {
            throw failed(domain, checkpoints, targets, req, e, e.cancelled() || cancel.isCancelled(),
                    e.vmDisksConsistent());
        } catch (RuntimeException | LibvirtException e) {
            throw failed(domain, checkpoints, targets, req, e, cancel.isCancelled(), true);
        } finally {
            freeze.thaw();
        }
    }

    /**
     * Why a full of the disks costs no more than an incremental that would copy {@code dirty}
     * (bytes per disk, from the previous checkpoint's bitmaps), or null. A full copies about what
     * the disks' files hold. Decided before any job starts, so a backup that becomes a full costs
     * one full, not a started and aborted incremental plus a full. A disk whose dirty size libvirt
     * did not give leaves the incremental as it is.
     */
    private static String fullIsCheaper(BackupRequest req, Map<String, VmDisk> vmDisks, Map<String, Long> dirty) {
        long dirtyBytes = 0;
        for (BackupTarget d : req.disks()) {
            Long bytes = dirty.get(d.disk());
            if (bytes == null) {
                return null;
            }
            dirtyBytes += bytes;
        }
        long full = Disks.chainBytes(req, vmDisks);
        if (dirtyBytes == 0 || dirtyBytes < FULL_FROM_DIRTY_SHARE * full) {
            return null;
        }
        return String.format(Locale.ROOT, "the incremental from checkpoint %s would copy %d MiB, %.0f %% of the %d MiB"
                + " a full copies (a full is taken from %.0f %% on: the chain stays short for restores and"
                + " merges)", req.previousCheckpoint(), dirtyBytes >> 20, 100.0 * dirtyBytes / full, full >> 20,
                100 * FULL_FROM_DIRTY_SHARE);
    }

    /**
     * Makes sure the previous checkpoint is known to libvirt, redefining it from the saved
     * definition when the domain lost it. Returns why an incremental is impossible, or null.
     */
    private String ensurePrevious(Checkpoints checkpoints, BackupRequest req) {
        if (checkpoints.exists(req.previousCheckpoint())) {
            return null;
        }
        if (req.previousCheckpointXml() == null) {
            return "checkpoint " + req.previousCheckpoint() + " is unknown to libvirt and no saved"
                    + " definition was given to redefine it";
        }
        try {
            checkpoints.redefine(req.previousCheckpointXml(), true);
            log.info("redefined lost checkpoint {} of VM {}", req.previousCheckpoint(), req.vmName());
            return null;
        } catch (LibvirtException e) {
            return "checkpoint " + req.previousCheckpoint() + " could not be redefined, its bitmaps are"
                    + " gone from the disks: " + e.getMessage();
        }
    }

    /**
     * Refuses the backup when its store cannot hold it (see {@link BackupSpace}): an incremental is
     * as large as its bitmaps' dirty bytes ({@code dirty}, per disk), a full as the host space of
     * the disks' chains.
     */
    private void requireSpace(BackupRequest req, Map<String, VmDisk> vmDisks, Map<String, Long> dirty,
            boolean incremental) {
        Map<String, Long> estimate = new LinkedHashMap<>();
        for (BackupTarget d : req.disks()) {
            Long bytes = dirty.get(d.disk());
            // A running VM's image tables on disk lag behind QEMU's cache, so qemu-img measure
            // would undercount; the files' host allocation already holds every write.
            estimate.put(d.disk(), bytes != null ? bytes : HostAllocation.ofChain(vmDisks.get(d.disk()).source()));
        }
        BackupSpace.require(req, incremental, estimate);
    }

    /**
     * Whether the store can hold a full (and so checked its space): a full taken only because it
     * would copy less than the incremental must not fail for room the incremental, which fits, does
     * not need.
     */
    private boolean fullFits(BackupRequest req, Map<String, VmDisk> vmDisks) {
        try {
            requireSpace(req, vmDisks, Map.of(), false);
            return true;
        } catch (NotEnoughSpaceException e) {
            log.info("backup {} of VM {} stays incremental although a full would copy less: {}",
                    req.checkpointName(), req.vmName(), e.getMessage());
            return false;
        }
    }

    private void start(Domain domain, BackupRequest req, Map<String, VmDisk> vmDisks, BackupTargets targets,
            Map<String, Long> sizes, boolean incremental, GuestFreeze freeze) throws LibvirtException {
        targets.createEmpty(sizes, incremental);
        String backupXml = BackupXml.push(req, vmDisks.keySet(), incremental);
        String checkpointXml = BackupXml.checkpoint(req.checkpointName(), req, vmDisks.keySet());
        discardCompletedStats(domain);
        // The freeze lasts only until QEMU has set up the job: from then on the backup copies the
        // disk as it was at that instant, whatever the guest writes.
        freeze.freeze(req.quiesce());
        try {
            domain.backupBegin(backupXml, checkpointXml, BACKUP_BEGIN_REUSE_EXTERNAL);
        } finally {
            freeze.thaw();
        }
    }

    /** Reading completed stats without KEEP_COMPLETED drops them, so later ones are this job's. */
    private static void discardCompletedStats(Domain domain) {
        try {
            domain.getJobStats(STATS_COMPLETED);
        } catch (LibvirtException e) {
            log.debug("no completed job stats to discard: {}", e.getMessage());
        }
    }

    private void waitForJob(Domain domain, BackupRequest req, ProgressListener progress, CancelToken cancel,
            Instant start) throws LibvirtException {
        Instant deadline = start.plus(req.timeout());
        boolean aborted = false;
        String abortReason = null;
        Duration wait = FIRST_POLL;
        while (true) {
            DomainJobStats stats = domain.getJobStats(0);
            if (stats.type == JOB_NONE) {
                break;
            }
            progress.progress(processed(stats), total(stats));
            if (!aborted && (cancel.isCancelled() || clock.instant().isAfter(deadline))) {
                abortReason = cancel.isCancelled()
                        ? "cancelled"
                        : "timed out after " + req.timeout().toSeconds() + " s";
                aborted = true;
                try {
                    domain.abortJob();
                } catch (LibvirtException e) {
                    log.debug("abort of the backup job of VM {} found no job (it just ended): {}", req.vmName(),
                            e.getMessage());
                }
            }
            if (aborted) {
                sleep();
            } else {
                cancel.pause(wait); // returns at once on cancel, so the abort above follows without delay
                wait = nextWait(wait);
            }
        }
        DomainJobStats done = domain.getJobStats(STATS_COMPLETED);
        if (done.type == JOB_COMPLETED && cancel.isCancelled()) {
            // The job won the race with the abort; the caller asked for no backup, so none is kept.
            throw new DiskOperationException("backup of VM " + req.vmName() + " cancelled", null, true, true);
        }
        if (done.type == JOB_COMPLETED) {
            long total = total(done);
            progress.progress(total, total);
            return;
        }
        if (abortReason != null) {
            throw new DiskOperationException("backup of VM " + req.vmName() + " " + abortReason, null, true,
                    cancel.isCancelled());
        }
        String errmsg = string(done, "errmsg");
        throw new DiskOperationException("libvirt's backup job of VM " + req.vmName() + " failed"
                + (errmsg == null ? " (job state " + done.type + ")" : ": " + errmsg)
                + ". Check that the backup store is writable and has room.", null, true);
    }

    private DiskOperationException failed(Domain domain, Checkpoints checkpoints, BackupTargets targets,
            BackupRequest req, Exception cause, boolean cancelled, boolean consistentSoFar) {
        List<String> problems = new ArrayList<>();
        abortLeftoverJob(domain, problems);
        try {
            if (checkpoints.exists(req.checkpointName())) {
                checkpoints.delete(req.checkpointName(), false);
            }
        } catch (RuntimeException e) {
            problems.add("the half-made checkpoint " + req.checkpointName() + " could not be deleted ("
                    + e.getMessage() + "); finish the VM's backup chain before the next backup");
        }
        List<String> left = targets.discard();
        if (!left.isEmpty()) {
            problems.add("partial files could not be removed: " + String.join(", ", left));
        }
        boolean consistent = consistentSoFar && problems.stream().noneMatch(p -> p.contains("checkpoint"));
        String message = "backup of VM " + req.vmName() + " failed: " + cause.getMessage()
                + (problems.isEmpty() ? "" : "; cleanup: " + String.join("; ", problems));
        if (cause instanceof NotEnoughSpaceException n && consistent) {
            return new NotEnoughSpaceException(message, n.requiredBytes(), n.freeBytes());
        }
        return new DiskOperationException(message, cause, consistent, cancelled);
    }

    /** Aborts a backup job still attached to the domain and waits (bounded) until it is gone. */
    static void abortLeftoverJob(Domain domain, List<String> problems) {
        try {
            if (domain.getJobStats(0).type == JOB_NONE) {
                return;
            }
            try {
                domain.abortJob();
            } catch (LibvirtException e) {
                if (domain.getJobStats(0).type == JOB_NONE) {
                    return; // it ended on its own between the look and the abort
                }
                throw e;
            }
            long polls = ABORT_WAIT.toMillis() / POLL.toMillis();
            for (long i = 0; i < polls && domain.getJobStats(0).type != JOB_NONE; i++) {
                sleep();
            }
        } catch (LibvirtException e) {
            problems.add("the backup job could not be aborted (" + e.getMessage() + ")");
        }
    }

    /** Backup jobs report their bytes as disk_*; data_* is the sum libvirt gives for other jobs. */
    static long processed(DomainJobStats stats) {
        return Math.max(ulong(stats, "disk_processed"), ulong(stats, "data_processed"));
    }

    static long total(DomainJobStats stats) {
        return Math.max(ulong(stats, "disk_total"), ulong(stats, "data_total"));
    }

    static long ulong(DomainJobStats stats, String field) {
        if (stats.stats == null) {
            return 0;
        }
        for (TypedParameter p : stats.stats) {
            if (field.equals(p.field) && p instanceof TypedUlongParameter u) {
                return u.value;
            }
        }
        return 0;
    }

    static String string(DomainJobStats stats, String field) {
        if (stats.stats == null) {
            return null;
        }
        for (TypedParameter p : stats.stats) {
            if (field.equals(p.field)) {
                return p.getValueAsString();
            }
        }
        return null;
    }

    /** The wait after {@code wait}: twice as long, at most {@link #POLL}. */
    static Duration nextWait(Duration wait) {
        Duration twice = wait.multipliedBy(2);
        return twice.compareTo(POLL) > 0 ? POLL : twice;
    }

    static void sleep() {
        sleepMillis(POLL.toMillis());
    }

    static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiskOperationException("interrupted while waiting for a libvirt job", e, true);
        }
    }

}
