/**
 * Backup jobs' rules, plain Java: a job's policy and what callers may set ({@link BackupJobRules}),
 * and how a run moves ({@link RunPlan}): which of its VMs to queue next under SEQUENTIAL or PARALLEL
 * execution, and when it is over.
 */
package io.kboss.plugin.backup.kboss.domain.backupjob;
