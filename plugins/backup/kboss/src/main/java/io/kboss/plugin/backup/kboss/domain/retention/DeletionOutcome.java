package io.kboss.plugin.backup.kboss.domain.retention;

import java.util.OptionalLong;
import java.util.function.LongFunction;

/**
 * What happened to one deleted backup, for the caller's report.
 *
 * @param mergedInto the surviving backup that absorbed its data, when it had live dependants
 */
public record DeletionOutcome(long backupId, How how, OptionalLong mergedInto) {

    public enum How {
        /** Live backups depended on it: its data was merged into the next surviving one. */
        MERGED_INTO_SURVIVOR,
        /** No live backup depended on it: its files were removed. */
        NOTHING_DEPENDED_ON_IT,
        /** A forced delete of one of its ancestors took it along. */
        DELETED_WITH_FORCED_ANCESTOR
    }

    public static DeletionOutcome mergedInto(long backupId, long survivor) {
        return new DeletionOutcome(backupId, How.MERGED_INTO_SURVIVOR, OptionalLong.of(survivor));
    }

    public static DeletionOutcome nothingDepended(long backupId) {
        return new DeletionOutcome(backupId, How.NOTHING_DEPENDED_ON_IT, OptionalLong.empty());
    }

    public static DeletionOutcome withForcedAncestor(long backupId) {
        return new DeletionOutcome(backupId, How.DELETED_WITH_FORCED_ANCESTOR, OptionalLong.empty());
    }

    @Override
    public String toString() {
        return describe(Long::toString);
    }

    /** The outcome in words, naming each backup as {@code name} gives it (the API shows uuids). */
    public String describe(LongFunction<String> name) {
        return switch (how) {
            case MERGED_INTO_SURVIVOR -> "backup " + name.apply(backupId) + " merged into backup "
                    + name.apply(mergedInto.getAsLong());
            case NOTHING_DEPENDED_ON_IT -> "backup " + name.apply(backupId) + " removed, nothing depended on it";
            case DELETED_WITH_FORCED_ANCESTOR -> "backup " + name.apply(backupId)
                    + " deleted with its forced-deleted ancestor";
        };
    }
}
