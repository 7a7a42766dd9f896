package io.kboss.agent.contract;

/**
 * What a job does. A peer that does not know a constant reads it as null (see {@link WireJson}):
 * COMPRESS_BACKUP is new since compression, VALIDATE_BACKUP and HASH_BACKUP since validation,
 * CREATE_VM_FROM_BACKUP since restore as a new VM, LIST_BACKUP_FILES and
 * EXTRACT_BACKUP_FILES since file-level restore.
 */
public enum JobType {
    BACKUP, RESTORE, QUICK_RESTORE, DELETE_BACKUP, COMPRESS_BACKUP, VALIDATE_BACKUP, HASH_BACKUP, CREATE_VM_FROM_BACKUP, LIST_BACKUP_FILES, EXTRACT_BACKUP_FILES
}
