package io.kboss.agent.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * Hashes a backup's files (SHA-256 of their bytes on the store), for the periodic re-check of a
 * validated backup: a later hash that differs means the files changed. A compression changes the
 * bytes (not the contents), so the hash is taken again after one. The job's result is a
 * {@link HashResult}.
 */
public class HashBackupCommand extends JobCommand {
    public static final String NAME = "hash-backup";
    public String backupUuid;
    public StoreRef store;
    /** The backup's files, relative to the store root. */
    public List<String> paths = new ArrayList<>();

    @Override
    public String commandName() {
        return NAME;
    }
}
