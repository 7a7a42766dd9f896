package io.kboss.plugin.backup.kboss.domain.chain;

import java.util.Objects;

/** What kind of backup to take next, and on top of what. */
public sealed interface ChainDecision {

    /**
     * A full backup.
     *
     * @param startsChain whether it becomes the first link of a new chain on its key (false only for
     *                    isolated backups, which leave the open chain as it is and take no checkpoint)
     */
    record Full(FullReason reason, boolean startsChain) implements ChainDecision {
        public Full {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * An increment on top of the chain's tip.
     *
     * @param parentCheckpoint the checkpoint the increment is taken from
     * @param position         the increment's place in its chain (the full backup is 1)
     */
    record Incremental(long parentBackupId, String parentCheckpoint, int position) implements ChainDecision {
        public Incremental {
            Objects.requireNonNull(parentCheckpoint, "parentCheckpoint");
        }
    }
}
