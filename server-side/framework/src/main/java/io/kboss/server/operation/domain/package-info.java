/**
 * Admission of queued operations under concurrency limits: which may start now, and why the others
 * wait. Plain Java, no framework imports; the queue applies a decision in the transaction that claims
 * the rows.
 *
 * <p>Rules:
 * <ul>
 * <li>Each limit group (the backup group: backups, restores, volume restores and deletes) has a
 * cloud-wide, a per-zone and a per-host limit, each from a setting; below 1 is unlimited. Running
 * plus admitted operations of the group never exceed any of them.</li>
 * <li>At most one operation per VM at a time; a request behind another of its VM waits for it.</li>
 * <li>A request whose host is Down waits (it holds no slot) until the host is Up again.</li>
 * <li>Queue order: higher priority first, then first enqueued. A request held back by its own VM,
 * host or zone does not hold back requests behind it that can run.</li>
 * </ul>
 */
package io.kboss.server.operation.domain;
