package io.kboss.agent.contract;

public enum JobType {
    BACKUP, RESTORE, QUICK_RESTORE, DELETE_BACKUP
}
