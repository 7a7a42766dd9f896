/**
 * Backup jobs (issue 13 item 1): named, ordered sets of VMs backed up with one policy, run now
 * (runBackupJob) and followed per VM through OpenNebula's sets OUTDATED, ONGOING, UPDATED and ERROR.
 * Each VM's backup is an ordinary BACKUP operation at the job's priority; {@link
 * io.kboss.plugin.backup.kboss.backupjob.BackupJobRuns} follows the run from those operations' ends. The
 * rules are in {@code io.kboss.plugin.backup.kboss.domain.backupjob}; docs/backup-jobs.md is the
 * operator's view.
 */
package io.kboss.plugin.backup.kboss.backupjob;
