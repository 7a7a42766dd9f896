/**
 * The generic backup commands, owned by the framework as CloudStack's backup manager owns them:
 * createBackup, listBackups, deleteBackup, restoreBackup, restoreVolumeFromBackupAndAttachToVM,
 * assignVirtualMachineToBackupOffering, removeVirtualMachineFromBackupOffering and the four schedule
 * commands. Each finds the VM or backup the call names, checks the caller may act on it
 * ({@link io.kboss.server.backup.api.BackupCommandSupport}), finds the provider of the VM's zone (or
 * the one holding the backup) and calls it in one transaction. Answers are CloudStack's
 * ({@link io.kboss.server.backup.BackupResponse}, success answers, async jobs that are views of the
 * queued operation, and for the two assignment commands async jobs whose quick work the job runner
 * does itself, after the refusals the request can decide were answered at once).
 */
package io.kboss.server.backup.api;
