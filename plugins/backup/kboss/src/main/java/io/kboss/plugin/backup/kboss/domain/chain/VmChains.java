package io.kboss.plugin.backup.kboss.domain.chain;

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
     * Every chain of the VM closed. Restore and finishBackupChain work on the VM's disks, which all its
     * chains share, so they end all of them, not only the one a backup was picked from.
     */
    public VmChains endAll(ChainEnd reason) {
        Map<ChainKey, BackupChain> copy = new HashMap<>();
        latestByKey.forEach((key, chain) -> copy.put(key, chain.endedBy(reason)));
        return new VmChains(copy);
    }
}
