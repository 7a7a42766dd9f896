package io.kboss.plugin.backup.kboss.backup;

/**
 * Told of each BACKUP operation's end, inside its ending transaction (so what it changes commits with the
 * backup's end, or not at all, whichever management server ends it): how backup jobs follow their runs.
 */
@FunctionalInterface
public interface BackupEndListener {

    /**
     * @param backup the backup as it ended: BackedUp, Failed or Error
     * @param error  why it did not end BackedUp; null when it did
     */
    void ended(BackupRecord backup, String error);
}
