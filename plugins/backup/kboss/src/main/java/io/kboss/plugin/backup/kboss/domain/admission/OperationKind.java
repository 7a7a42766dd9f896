package io.kboss.plugin.backup.kboss.domain.admission;

/** The operations on a VM's backups that are serialized per VM and counted against the limits. */
public enum OperationKind {
    BACKUP, RESTORE, DELETE
}
