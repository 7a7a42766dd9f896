package io.kboss.agent.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * Deletes a backup's files. Children are merged first (see {@link ChildMerge}), so deleting a
 * backup in the middle of a chain never breaks the backups after it. A merge writes a new child
 * beside the old one and renames it into place, so a crash leaves either the old pair or the
 * merged child, never a half-written child. The job's result is a {@link DeleteResult}.
 */
public class DeleteBackupCommand extends JobCommand {
    public static final String NAME = "delete-backup";
    public String backupUuid;
    public StoreRef store;
    /** The backup's files, relative to the store root. Missing files are not an error. */
    public List<String> paths = new ArrayList<>();
    public List<ChildMerge> merges = new ArrayList<>();

    @Override
    public String commandName() {
        return NAME;
    }
}
