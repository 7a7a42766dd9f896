package io.kboss.plugin.backup.kboss.domain.retention;

import io.kboss.plugin.backup.kboss.domain.chain.BackupChain;
import java.util.List;

/**
 * What retention does to one schedule's backups now.
 *
 * @param expired  the backups past the newest maxbackups, oldest first, that this plan deletes
 * @param plans    one prune plan per chain that loses backups
 * @param deferred chains with expired backups left alone this time because a backup in them is busy;
 *                 the next retention run picks them up
 */
public record RetentionPlan(List<Long> expired, List<PrunePlan> plans, List<BackupChain> deferred) {
    public RetentionPlan {
        expired = List.copyOf(expired);
        plans = List.copyOf(plans);
        deferred = List.copyOf(deferred);
    }

    public boolean isEmpty() {
        return plans.isEmpty() && deferred.isEmpty();
    }
}
