/**
 * Deleting backups and retention, without ever breaking a backup that stays.
 *
 * <p>Policy: <b>merge forward</b>. A deleted backup that live backups depend on is merged into the next surviving
 * backup of its chain, which is rebased onto the last survivor before it (or becomes the chain's full); its files
 * are then removed, so space is reclaimed at once and no file is kept for others' sake. Deleted backups nothing
 * depends on just lose their files. Each deleted backup's {@link io.kboss.plugin.backup.kboss.domain.retention.DeletionOutcome}
 * reports which happened.
 *
 * <p>Rules:
 * <ul>
 * <li>A plan is a list of idempotent {@link io.kboss.plugin.backup.kboss.domain.retention.PlanStep}s in a crash-safe
 * order: mark Removed, rebase survivors (atomically, new file then rename), remove files, mark Expunged. A chain
 * holding Removed backups (an interrupted plan) is pruned of them again.</li>
 * <li>A chain with a backup BackingUp or Restoring is never pruned (deleteBackup refuses, retention defers).</li>
 * <li>deleteBackup without forced merges; with forced it deletes the backup and every backup taken on top of it
 * in its chain, and may drop Allocated or Queued requests.</li>
 * <li>Retention (a schedule's maxbackups, OpenNebula's KEEP_LAST) keeps the newest N BackedUp backups of the
 * schedule over all its chains; the older ones are deleted by merging forward, an expired full included. Below 1
 * keeps all. Failed and Error attempts neither count nor expire.</li>
 * </ul>
 */
package io.kboss.plugin.backup.kboss.domain.retention;
