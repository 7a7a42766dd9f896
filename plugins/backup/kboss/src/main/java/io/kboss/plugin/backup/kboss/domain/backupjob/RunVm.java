package io.kboss.plugin.backup.kboss.domain.backupjob;

/** One VM of a run, as {@link RunPlan} sees it: its place in the job's order and its state. */
public record RunVm(long vmId, int position, VmRunState state) {
}
