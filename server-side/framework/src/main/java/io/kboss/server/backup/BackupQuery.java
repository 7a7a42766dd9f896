package io.kboss.server.backup;

/**
 * What listBackups asks a provider for.
 *
 * @param backupUuid  only this backup, or null
 * @param vm          only backups of this VM, or null
 * @param likePattern the keyword as an SQL LIKE pattern (matched against the backup's uuid and its VM's
 *                    name), or null
 * @param offset      how many of the provider's matching backups to skip
 * @param limit       how many to answer at most (0: only the total)
 */
public record BackupQuery(String backupUuid, VmRef vm, String likePattern, long offset, int limit) {
}
