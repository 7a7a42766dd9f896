package io.kboss.plugin.backup.kboss.domain.backup;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which VMs a KBOSS offering can protect: KVM VMs whose every disk is a qcow2 file. Increments are
 * libvirt checkpoints backed by persistent qcow2 bitmaps, which raw files, block devices and
 * network disks do not carry, so such a VM could only ever get full backups and restores onto a
 * kind of storage the agent does not write. Refusing at assignment keeps that from surfacing
 * later as a failed backup.
 */
public final class OfferingSupport {

    private OfferingSupport() {
    }

    /** Why the VM cannot be assigned, naming every unsupported disk; empty when it can. */
    public static Optional<String> refusal(String vmName, List<ProtectableDisk> disks) {
        if (disks.isEmpty()) {
            return Optional.of("VM " + vmName + " has no disks the backup provider knows of: wait for the host's VM "
                    + "discovery to report them, then assign it again");
        }
        List<String> unsupported = disks.stream()
                .filter(d -> !"FILE".equalsIgnoreCase(d.storageKind()) || !"qcow2".equalsIgnoreCase(d.format()))
                .map(d -> d.device() + " (" + d.storageKind() + ", "
                        + (d.format() == null ? "unknown format" : d.format())
                        + ")")
                .collect(Collectors.toList());
        if (unsupported.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("VM " + vmName + " cannot use a kboss backup offering: only file-based qcow2 disks are "
                + "supported, and " + String.join(", ", unsupported) + (unsupported.size() == 1 ? " is" : " are")
                + " not; convert the disks to qcow2 files first");
    }
}
