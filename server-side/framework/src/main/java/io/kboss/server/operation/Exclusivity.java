package io.kboss.server.operation;

/**
 * What one live (queued or running) operation of a kind holds alone. The database enforces it: a
 * second live operation on the same VM (or backup) is a duplicate key, answered as "busy".
 */
public enum Exclusivity {
    /** One backup, restore, volume restore or delete per VM at a time. */
    VM,
    /** One operation per backup at a time (compression, validation); the VM stays free. */
    BACKUP,
    /** Nothing held. */
    NONE
}
