package io.kboss.plugin.backup.kboss.domain.retention;

import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupEvent;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One step of a deletion or retention plan, executed in order by the server (status steps) and the
 * agent (disk steps). Every step is idempotent, so an interrupted plan is finished by running it again.
 */
public sealed interface PlanStep {

    /** Record a status change of a backup (through the lifecycle table). */
    record MarkStatus(long backupId, BackupEvent event, BackupStatus to) implements PlanStep {
        public MarkStatus {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(to, "to");
        }

        @Override
        public String toString() {
            return "mark backup " + backupId + " " + to;
        }
    }

    /**
     * Merge the data of {@code absorbed} into {@code survivor} and make {@code newParent} its backing
     * file, or make it a standalone full backup when there is none (qemu-img rebase in safe mode onto
     * the new parent, or onto nothing). The agent must write the result to a new file and rename it over
     * the old one, so a crash leaves either the old or the new survivor, both readable. The survivor's
     * content as a restore sees it does not change.
     *
     * <p>An agent that deletes one backup at a time into its child runs this step as one such delete per
     * absorbed backup, {@link #absorbedNewestFirst()}: each rebases the survivor one backup further down
     * and removes that backup's file, and the plan's later RemoveFiles steps then find nothing left.
     *
     * @param absorbed the deleted backups whose data moves into the survivor, oldest first
     */
    record Rebase(long survivor, OptionalLong newParent, List<Long> absorbed) implements PlanStep {
        public Rebase {
            Objects.requireNonNull(newParent, "newParent");
            absorbed = List.copyOf(absorbed);
        }

        /** The absorbed backups in the order a one-at-a-time merge into the survivor must take them. */
        public List<Long> absorbedNewestFirst() {
            List<Long> reversed = new ArrayList<>(absorbed);
            Collections.reverse(reversed);
            return List.copyOf(reversed);
        }

        @Override
        public String toString() {
            return "merge backups " + absorbed + " into backup " + survivor + ", which then "
                    + (newParent.isPresent()
                            ? "backs onto backup " + newParent.getAsLong()
                            : "stands alone as a full backup");
        }
    }

    /** Remove the backup's files from secondary storage; nothing left to remove is success. */
    record RemoveFiles(long backupId) implements PlanStep {
        @Override
        public String toString() {
            return "remove files of backup " + backupId;
        }
    }
}
