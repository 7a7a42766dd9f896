package io.kboss.plugin.backup.kboss.domain.retention;

import io.kboss.plugin.backup.kboss.domain.chain.BackupChain;
import java.util.List;
import java.util.Optional;

/**
 * The steps that take some backups out of one chain without breaking the rest.
 *
 * @param resultingChain the chain once the steps ran (its first survivor is now the full backup); empty
 *                       when nothing of it survives
 */
public record PrunePlan(List<PlanStep> steps, List<DeletionOutcome> outcomes, Optional<BackupChain> resultingChain) {
    public PrunePlan {
        steps = List.copyOf(steps);
        outcomes = List.copyOf(outcomes);
    }
}
