package io.kboss.agent.vm;

import io.kboss.agent.disk.domain.ValidationRequest;
import io.kboss.agent.job.Leftover;
import io.kboss.agent.job.LeftoverKind;
import io.kboss.agent.job.LeftoverCleaner;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.LibvirtException;

/**
 * Undoes what a dead job left on a VM, so that whatever failed the VM keeps running: thaws a
 * frozen guest, resumes a VM the job paused, aborts a libvirt backup job that outlived its agent
 * and deletes a checkpoint of a backup that never finished. A VM that no longer exists needs
 * nothing. Each call is idempotent.
 */
public final class VmLeftoverCleaner implements LeftoverCleaner {
    /** guest-fsfreeze-thaw must not wait long on a guest agent that died with the guest. */
    private static final int AGENT_TIMEOUT_SECONDS = 10;
    private static final int UNDEFINE_SNAPSHOTS_METADATA = 1 << 1;
    private static final int UNDEFINE_NVRAM = 1 << 2;
    private static final int UNDEFINE_CHECKPOINTS_METADATA = 1 << 4;
    private final LibvirtConnection libvirt;

    public VmLeftoverCleaner(LibvirtConnection libvirt) {
        this.libvirt = libvirt;
    }

    @Override
    public String cleanUp(Leftover leftover) throws Exception {
        if (leftover.kind() == LeftoverKind.THROWAWAY_DOMAIN) {
            return destroyThrowaway(leftover.value());
        }
        if (leftover.kind() == LeftoverKind.NEW_DOMAIN) {
            return removeNewDomain(leftover.vmUuid(), leftover.value());
        }
        return libvirt.withConnection(c -> {
            Domain d;
            try {
                d = c.domainLookupByUUIDString(leftover.vmUuid());
            } catch (LibvirtException e) {
                return "VM " + leftover.vmUuid() + " no longer exists";
            }
            boolean running = d.isActive() == 1;
            return switch (leftover.kind()) {
                case FROZEN_GUEST -> running ? thaw(d) : "VM " + d.getName() + " is not running, nothing to thaw";
                case PAUSED_VM -> running && d.getInfo().state == DomainInfo.DomainState.VIR_DOMAIN_PAUSED
                        ? resume(d)
                        : "VM " + d.getName() + " is not paused";
                case LIBVIRT_BACKUP_JOB -> running ? abortJob(d) : "VM " + d.getName() + " is not running, no job";
                case CHECKPOINT -> deleteCheckpoint(d, leftover.value());
                default -> throw new IllegalStateException("No cleanup in this agent build for " + leftover.kind()
                        + " " + leftover.value() + " of VM " + leftover.vmUuid());
            };
        });
    }

    /** Destroys a validation VM (transient: destroying removes it); only names of that kind. */
    private String destroyThrowaway(String name) throws LibvirtException {
        if (!name.startsWith(ValidationRequest.DOMAIN_PREFIX)) {
            throw new IllegalStateException("refusing to destroy " + name + ": not a validation VM's name");
        }
        return libvirt.withConnection(c -> {
            Domain d;
            try {
                d = c.domainLookupByName(name);
            } catch (LibvirtException e) {
                return "validation VM " + name + " was already gone";
            }
            boolean persistent = d.isPersistent() == 1; // asked first: a destroyed transient domain is gone
            if (d.isActive() == 1) {
                d.destroy();
            }
            if (persistent) {
                d.undefine();
            }
            return "destroyed validation VM " + name;
        });
    }

    /**
     * Removes a VM a failed job defined (its name checked too: a uuid is never reused by the
     * agent, but a mistake here would remove someone's VM), with its checkpoint metadata and the
     * UEFI variable store libvirt made for it.
     */
    private String removeNewDomain(String uuid, String name) throws LibvirtException {
        return libvirt.withConnection(c -> {
            Domain d;
            try {
                d = c.domainLookupByUUIDString(uuid);
            } catch (LibvirtException e) {
                return "new VM " + name + " was never defined or is already gone";
            }
            if (!d.getName().equals(name)) {
                throw new IllegalStateException("refusing to remove VM " + d.getName() + " (" + uuid + "): the job"
                        + " defined " + name + " under that uuid");
            }
            boolean persistent = d.isPersistent() == 1;
            if (d.isActive() == 1) {
                d.destroy();
            }
            if (persistent) {
                d.undefine(UNDEFINE_CHECKPOINTS_METADATA | UNDEFINE_SNAPSHOTS_METADATA | UNDEFINE_NVRAM);
            }
            return "removed new VM " + name + " (" + uuid + ")";
        });
    }

    private static String thaw(Domain d) throws LibvirtException {
        d.qemuAgentCommand("{\"execute\":\"guest-fsfreeze-thaw\"}", AGENT_TIMEOUT_SECONDS, 0);
        return "thawed the file systems of VM " + d.getName();
    }

    private static String resume(Domain d) throws LibvirtException {
        d.resume();
        return "resumed VM " + d.getName();
    }

    private static String abortJob(Domain d) throws LibvirtException {
        try {
            d.abortJob();
            return "aborted the libvirt job of VM " + d.getName();
        } catch (LibvirtException e) {
            if (String.valueOf(e.getMessage()).contains("no job")) {
                return "VM " + d.getName() + " had no libvirt job left";
            }
            throw e;
        }
    }

    private static String deleteCheckpoint(Domain d, String name) throws LibvirtException {
        for (String existing : d.checkpointListNames()) {
            if (existing.equals(name)) {
                d.checkpointLookupByName(name).delete(0);
                return "deleted checkpoint " + name + " of VM " + d.getName();
            }
        }
        return "VM " + d.getName() + " has no checkpoint " + name;
    }
}
