package io.kboss.plugin.backup.kboss.domain.chain;

import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import java.util.Optional;

/**
 * Decides whether the next backup of a VM on one chain key is full or incremental. The checks run in
 * a fixed order so the reason reported is the most fundamental one: isolated, no chain, chain ended,
 * disks changed, parent unusable, chain full.
 *
 * <p>Decide when the backup is admitted to start, not when it is queued: the chain may change while a
 * request waits (a restore, a delete), and {@link VmChains#record} refuses a decision that went stale.
 */
public final class ChainPolicy {

    private ChainPolicy() {
    }

    /**
     * @param chains       the VM's chains
     * @param key          the schedule the backup runs for, or manual
     * @param isolated     whether the caller asked for an isolated backup
     * @param currentDisks the VM's disks now
     * @param size         the effective chain size ({@link ChainSize#resolve})
     */
    public static ChainDecision decide(VmChains chains, ChainKey key, boolean isolated, DiskSet currentDisks,
            ChainSize size) {
        if (isolated) {
            return new ChainDecision.Full(FullReason.ISOLATED, false);
        }
        Optional<BackupChain> latest = chains.latest(key);
        if (latest.isEmpty()) {
            return full(FullReason.NO_OPEN_CHAIN);
        }
        BackupChain chain = latest.get();
        if (chain.end().isPresent()) {
            return full(FullReason.endedBy(chain.end().get()));
        }
        if (!chain.disks().equals(currentDisks)) {
            return full(FullReason.DISK_SET_CHANGED);
        }
        ChainLink parent = chain.tip();
        if (parent.status() != BackupStatus.BACKED_UP) {
            return full(FullReason.PARENT_NOT_BACKED_UP);
        }
        if (parent.checkpoint() == null) {
            return full(FullReason.PARENT_HAS_NO_CHECKPOINT);
        }
        if (!size.admitsAnotherAfter(chain.length())) {
            return full(FullReason.CHAIN_FULL);
        }
        return new ChainDecision.Incremental(parent.backupId(), parent.checkpoint(), chain.length() + 1);
    }

    private static ChainDecision full(FullReason reason) {
        return new ChainDecision.Full(reason, true);
    }
}
