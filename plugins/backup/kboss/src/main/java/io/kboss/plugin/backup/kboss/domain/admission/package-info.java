/**
 * Admission of queued backup, restore and delete operations under the concurrency limits.
 *
 * <p>Rules:
 * <ul>
 * <li>Cloud-wide backup.max.concurrent.operations and per-host backup.max.concurrent.operations.per.host (MAX_BACKUPS
 * and MAX_BACKUPS_HOST); values below 1 are unlimited. Running plus admitted operations never exceed either.</li>
 * <li>At most one operation per VM at a time; later requests for a VM wait behind earlier ones, and a new call for
 * a busy VM gets a conflict saying what holds it.</li>
 * <li>A request whose host is Down waits (it holds no slot) until the host is Up again.</li>
 * <li>Queue order: higher priority first, then first enqueued. A request held back by its own VM or host does not
 * hold back requests behind it that can run.</li>
 * </ul>
 */
package io.kboss.plugin.backup.kboss.domain.admission;
