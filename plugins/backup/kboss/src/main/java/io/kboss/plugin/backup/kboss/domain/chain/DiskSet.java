package io.kboss.plugin.backup.kboss.domain.chain;

import java.util.Set;

/** The disks a VM had when a chain began, or has now; an attach, detach or resize changes it. */
public record DiskSet(Set<ChainDisk> disks) {
    public DiskSet {
        disks = Set.copyOf(disks);
    }

    public static DiskSet of(ChainDisk... disks) {
        return new DiskSet(Set.of(disks));
    }
}
