package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.DiskOperationException;
import io.kboss.agent.disk.domain.NewVmOutcome;
import io.kboss.agent.disk.domain.NewVmRequest;
import io.kboss.agent.disk.domain.ProgressListener;
import io.kboss.agent.disk.domain.QuickRestoreListener;
import io.kboss.agent.disk.domain.QuickRestoreOutcome;
import io.kboss.agent.disk.domain.QuickRestoreOutcome.Status;
import io.kboss.agent.disk.domain.VolumeRestore;
import io.kboss.agent.domain.CancelToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new VM on this host from a backup's files (CloudStack's createVMFromBackup, OpenNebula's
 * restore to a new template): the original's definition made into a new domain
 * ({@link DomainXml#newVm}) whose disks are new volumes, written whole (the chains flattened,
 * as a restore does) or, for a quick restore, qcow2 overlays backed by the backup that the VM runs
 * on at once and that are consolidated while it runs, by block pull into the overlay (the volume
 * is where the caller named it, so not by mirror onto a new file; there is no former volume to set
 * aside).
 *
 * <p>Nothing is overwritten: the name, the uuid and every volume must be new on this host. Failure
 * policy: until the VM is defined, and running when asked, a failure or cancel removes what was
 * made (volumes, the domain); the caller journals both first, so a crash is undone at the agent's
 * next start. Once a quick restore's VM runs, it is the result and only its consolidation remains.
 */
final class NewVmFromBackup {
    private static final Logger log = LoggerFactory.getLogger(NewVmFromBackup.class);
    private final DiskEngine engine;

    NewVmFromBackup(DiskEngine engine) {
        this.engine = engine;
    }

    NewVmOutcome create(NewVmRequest req, ProgressListener progress, CancelToken cancel) {
        Instant start = engine.clock().instant();
        String xml = definition(req);
        try (Hypervisor hv = engine.hypervisor()) {
            requireNew(hv, req);
            List<VolumeRestore> volumes = req.disks().stream()
                    .map(d -> new VolumeRestore(d.newestBackup(), d.volume(), d.format())).toList();
            engine.restores().restoreVolumes(volumes, progress, cancel);
            Domain domain;
            try {
                domain = defineAndStart(hv, req, xml, cancel);
            } catch (LibvirtException | RuntimeException e) {
                deleteVolumes(req, e);
                throw e;
            }
            log.info("new VM {} ({}) from a backup: {} disk(s), {} in {} ms", req.name(), req.uuid(),
                    req.disks().size(), req.start() ? "running" : "defined",
                    Duration.between(start, engine.clock().instant()).toMillis());
            return new NewVmOutcome(req.name(), req.uuid(), volumesOf(req), domain.isActive() == 1, null,
                    Duration.ZERO, Duration.between(start, engine.clock().instant()));
        } catch (LibvirtException | LibvirtCallException e) {
            throw new DiskOperationException("creating VM " + req.name() + " from a backup failed: " + e.getMessage(),
                    e,
                    true);
        }
    }

    NewVmOutcome quickCreate(NewVmRequest req, QuickRestoreListener listener, CancelToken cancel) {
        Clock clock = engine.clock();
        Instant start = clock.instant();
        for (NewVmRequest.Disk d : req.disks()) {
            if (!"qcow2".equals(d.format())) {
                throw new IllegalArgumentException("disk " + d.target() + ": a quick restore runs the VM on qcow2"
                        + " overlays, so its volumes are qcow2, not " + d.format());
            }
        }
        String xml = definition(req);
        try (Hypervisor hv = engine.hypervisor()) {
            requireNew(hv, req);
            Domain domain;
            try {
                for (NewVmRequest.Disk d : req.disks()) {
                    checkCancel(cancel);
                    if (!Files.isRegularFile(d.newestBackup())) {
                        throw new DiskOperationException("backup file " + d.newestBackup() + " does not exist; is the"
                                + " store mounted?", null, true);
                    }
                    Path backup = d.newestBackup().toAbsolutePath().normalize();
                    Qcow2.createEmpty(d.volume(), Qcow2.header(backup).virtualSize(), backup.toString());
                }
                domain = defineAndStart(hv, req, xml, cancel);
            } catch (LibvirtException | RuntimeException e) {
                deleteVolumes(req, e);
                throw e;
            }
            Duration toRunning = Duration.between(start, clock.instant());
            log.info("new VM {} ({}) from a backup: running on overlays after {} ms", req.name(), req.uuid(),
                    toRunning.toMillis());
            listener.vmStarted();
            List<QuickRestoreOutcome.Disk> disks = req.disks().stream()
                    .map(d -> new QuickRestoreOutcome.Disk(d.target(), d.volume(), null)).toList();
            Status status = new OverlayQuickRestore(engine).consolidateInPlace(hv, domain, req.name(), disks,
                    listener, cancel);
            return new NewVmOutcome(req.name(), req.uuid(), volumesOf(req), domain.isActive() == 1, status,
                    toRunning, Duration.between(start, clock.instant()));
        } catch (LibvirtException | LibvirtCallException e) {
            throw new DiskOperationException("creating VM " + req.name() + " from a backup failed: " + e.getMessage(),
                    e,
                    true);
        }
    }

    /** The new domain's definition; made first, so a definition that cannot be used fails before any copy. */
    private static String definition(NewVmRequest req) {
        DomainXml source = DomainXml.parse(req.definitionXml());
        Set<String> targets = source.targets();
        Map<String, Path> volumes = new LinkedHashMap<>();
        Map<String, String> formats = new LinkedHashMap<>();
        for (NewVmRequest.Disk d : req.disks()) {
            if (!targets.contains(d.target())) {
                throw new IllegalArgumentException("the VM's definition has no disk " + d.target() + " (it has "
                        + targets + ")");
            }
            volumes.put(d.target(), d.volume());
            formats.put(d.target(), d.format());
        }
        return source.newVm(req.name(), req.uuid(), req.description(), volumes, formats, req.nics());
    }

    private static void requireNew(Hypervisor hv, NewVmRequest req) {
        requireNew(hv, req.name(), req.uuid(), req.disks().stream().map(NewVmRequest.Disk::volume).toList());
    }

    /**
     * Refuses a name, uuid or volume that exists on this host. The caller asks before it journals
     * what the job will make (whose cleanup deletes it), so that nothing of someone else's is ever
     * journaled as the job's.
     */
    static void requireNew(Hypervisor hv, String name, String uuid, List<Path> volumes) {
        for (String taken : List.of(name, uuid)) {
            try {
                Domain d = taken.equals(name)
                        ? hv.connect().domainLookupByName(taken)
                        : hv.connect().domainLookupByUUIDString(taken);
                throw new DiskOperationException("a VM " + Hypervisor.nameOf(d) + " with "
                        + (taken.equals(name) ? "the name " : "the uuid ") + taken
                        + " exists on this host; choose another; nothing was created", null, true);
            } catch (LibvirtException e) {
                // not taken: the normal case
            }
        }
        for (Path volume : volumes) {
            if (Files.exists(volume) || Files.exists(volume.resolveSibling(volume.getFileName()
                    + ChainRestore.TEMP_SUFFIX))) {
                throw new DiskOperationException("volume " + volume + " exists; a VM from a backup gets new"
                        + " volumes and never overwrites one; nothing was created", null, true);
            }
            if (!Files.isDirectory(volume.getParent())) {
                throw new DiskOperationException("folder " + volume.getParent() + " for volume " + volume
                        + " does not exist on this host; nothing was created", null, true);
            }
        }
    }

    /** Defines the domain and starts it when asked; on any failure leaves no domain behind. */
    private static Domain defineAndStart(Hypervisor hv, NewVmRequest req, String xml, CancelToken cancel)
            throws LibvirtException {
        checkCancel(cancel);
        Domain domain = hv.connect().domainDefineXML(xml);
        try {
            checkCancel(cancel);
            if (req.start()) {
                domain.create();
            }
            return domain;
        } catch (LibvirtException | RuntimeException e) {
            try {
                if (domain.isActive() == 1) {
                    domain.destroy();
                }
                domain.undefine();
            } catch (LibvirtException undefine) {
                e.addSuppressed(undefine); // the job's NEW_DOMAIN leftover undefines it later
            }
            throw e instanceof DiskOperationException d
                    ? d
                    : new DiskOperationException("VM " + req.name() + " was defined but did not start ("
                            + e.getMessage() + "); it was removed again", e, true);
        }
    }

    private static void deleteVolumes(NewVmRequest req, Exception failure) {
        for (NewVmRequest.Disk d : req.disks()) {
            try {
                Files.deleteIfExists(d.volume());
            } catch (IOException e) {
                failure.addSuppressed(e); // the job's journaled leftover deletes it later
            }
        }
    }

    private static List<Path> volumesOf(NewVmRequest req) {
        List<Path> out = new ArrayList<>();
        req.disks().forEach(d -> out.add(d.volume()));
        return out;
    }

    private static void checkCancel(CancelToken cancel) {
        if (cancel.isCancelled()) {
            throw new DiskOperationException("creating the VM was cancelled before it was defined", null, true, true);
        }
    }
}
