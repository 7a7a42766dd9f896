package io.kboss.agent.contract;

/**
 * What a job does. A peer that does not know a constant reads it as null (see {@link WireJson}):
 * COMPRESS_BACKUP and later kinds are new since compression.
 */
public enum JobType {
    BACKUP, RESTORE, QUICK_RESTORE, DELETE_BACKUP, COMPRESS_BACKUP
}
