package io.kboss.plugin.backup.kboss.domain.retention;

import java.util.List;

/**
 * The answer to one deleteBackup: the steps to run and what happens to each backup touched.
 *
 * @param prune the steps and outcomes; its resulting chain replaces the old one
 */
public record DeletePlan(long backupId, boolean forced, PrunePlan prune) {

    public List<PlanStep> steps() {
        return prune.steps();
    }

    public List<DeletionOutcome> outcomes() {
        return prune.outcomes();
    }
}
