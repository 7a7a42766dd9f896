package io.kboss.plugin.backup.kboss.domain.chain;

import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The newest chain of each key of one VM (older chains of a key are closed and matter only to
 * retention and restore).
 */
public record VmChains(Map<ChainKey, BackupChain> latestByKey) {
    public VmChains {
        latestByKey = Map.copyOf(latestByKey);
        latestByKey.forEach((key, chain) -> {
            if (!key.equals(chain.key())) {
                throw new IllegalArgumentException("chain of " + chain.key() + " filed under " + key);
            }
        });
    }

    public static VmChains none() {
        return new VmChains(Map.of());
    }

    public Optional<BackupChain> latest(ChainKey key) {
        return Optional.ofNullable(latestByKey.get(key));
    }

    /** With {@code chain} as the newest chain of its key. */
    public VmChains with(BackupChain chain) {
        Map<ChainKey, BackupChain> copy = new HashMap<>(latestByKey);
        copy.put(chain.key(), chain);
        return new VmChains(copy);
    }

    /**
     * The chains once a backup was taken as {@code decision} said: a full that starts a chain becomes the
     * new chain of its key, an increment is appended to the chain it was decided on, an isolated backup
     * changes nothing.
     *
     * @throws IllegalStateException if the chain moved since the decision (another backup of the VM ran
     *                               in between, which admission must prevent)
     */
    public VmChains record(ChainKey key, ChainDecision decision, ChainLink backup, DiskSet disks) {
        if (decision instanceof ChainDecision.Full full) {
            return full.startsChain() ? with(BackupChain.startedBy(key, backup, disks)) : this;
        }
        ChainDecision.Incremental inc = (ChainDecision.Incremental) decision;
        BackupChain chain = latest(key).orElseThrow(() -> new IllegalStateException("backup " + backup.backupId()
                + " was decided as an increment on backup " + inc.parentBackupId() + " but " + key
                + " has no chain any more; decide again"));
        if (chain.tip().backupId() != inc.parentBackupId() || !chain.isOpen()) {
            throw new IllegalStateException("backup " + backup.backupId() + " was decided as an increment on backup "
                    + inc.parentBackupId() + " but the chain of " + key + " now ends at backup "
                    + chain.tip().backupId()
                    + (chain.isOpen() ? "" : " and was ended by " + chain.end().get()) + "; decide again");
        }
        return with(chain.append(backup));
    }

    /** The chains with one backup's status changed, wherever it is. */
    public VmChains withStatus(long backupId, BackupStatus status) {
        Map<ChainKey, BackupChain> copy = new HashMap<>(latestByKey);
        copy.replaceAll(
                (key, chain) -> chain.link(backupId).map(l -> chain.withLink(l.withStatus(status))).orElse(chain));
        return new VmChains(copy);
    }

    /**
     * Every chain of the VM closed. Restore and finishBackupChain work on the VM's disks, which all its
     * chains share, so they end all of them, not only the one a backup was picked from.
     */
    public VmChains endAll(ChainEnd reason) {
        Map<ChainKey, BackupChain> copy = new HashMap<>();
        latestByKey.forEach((key, chain) -> copy.put(key, chain.endedBy(reason)));
        return new VmChains(copy);
    }
}
