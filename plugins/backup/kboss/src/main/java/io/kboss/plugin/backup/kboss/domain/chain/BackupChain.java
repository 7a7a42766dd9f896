package io.kboss.plugin.backup.kboss.domain.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One chain: a full backup followed by increments, oldest first, each the parent of the next. The last
 * link may be an attempt that failed; the chain grows only from a BackedUp tip.
 *
 * @param disks the VM's disks when the full backup was taken
 * @param end   why the chain was closed early, if it was
 */
public record BackupChain(ChainKey key, List<ChainLink> links, DiskSet disks, Optional<ChainEnd> end) {
    public BackupChain {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(disks, "disks");
        Objects.requireNonNull(end, "end");
        links = List.copyOf(links);
        if (links.isEmpty()) {
            throw new IllegalArgumentException("a chain of " + key + " needs at least its full backup");
        }
    }

    /** A chain that starts with {@code full}. */
    public static BackupChain startedBy(ChainKey key, ChainLink full, DiskSet disks) {
        return new BackupChain(key, List.of(full), disks, Optional.empty());
    }

    public ChainLink full() {
        return links.get(0);
    }

    public ChainLink tip() {
        return links.get(links.size() - 1);
    }

    public int length() {
        return links.size();
    }

    public boolean isOpen() {
        return end.isEmpty();
    }

    public BackupChain append(ChainLink increment) {
        if (!isOpen()) {
            throw new IllegalStateException("chain of " + key + " starting at backup " + full().backupId()
                    + " was ended by " + end.get() + "; a new backup must start a new chain");
        }
        List<ChainLink> grown = new ArrayList<>(links);
        grown.add(increment);
        return new BackupChain(key, grown, disks, end);
    }

    /** The same chain, closed; an already closed chain keeps its first reason. */
    public BackupChain endedBy(ChainEnd reason) {
        return isOpen() ? new BackupChain(key, links, disks, Optional.of(reason)) : this;
    }

    /** The same chain with one link's status replaced. */
    public BackupChain withLink(ChainLink changed) {
        List<ChainLink> copy = new ArrayList<>(links);
        copy.replaceAll(l -> l.backupId() == changed.backupId() ? changed : l);
        return new BackupChain(key, copy, disks, end);
    }

    public Optional<ChainLink> link(long backupId) {
        return links.stream().filter(l -> l.backupId() == backupId).findFirst();
    }

    /** The backup this one was taken on top of; empty for the full backup. */
    public Optional<ChainLink> parentOf(long backupId) {
        int i = indexOf(backupId);
        return i == 0 ? Optional.empty() : Optional.of(links.get(i - 1));
    }

    /** The backup taken on top of this one, if any. */
    public Optional<ChainLink> childOf(long backupId) {
        int i = indexOf(backupId);
        return i == links.size() - 1 ? Optional.empty() : Optional.of(links.get(i + 1));
    }

    private int indexOf(long backupId) {
        for (int i = 0; i < links.size(); i++) {
            if (links.get(i).backupId() == backupId) {
                return i;
            }
        }
        throw new IllegalArgumentException("backup " + backupId + " is not in the chain of " + key
                + " starting at backup " + full().backupId());
    }
}
