/**
 * The operation queue: one table ({@code operation}, schema V10) holds every unit of long-running work
 * of every management server, and one path runs, limits and recovers it. This package is SPI: what a
 * plugin uses to queue work and to add a kind of its own. The operator's view is
 * {@code plugins/backup/kboss/docs/recovery-and-limits.md}; the design note is {@code docs/ARCHITECTURE.md}.
 *
 * <h2>States</h2>
 * QUEUED → RUNNING → SUCCEEDED, FAILED or CANCELLED, the last three kept as history
 * ({@link io.kboss.server.operation.OperationState}). A retriable failure puts a RUNNING row back to
 * QUEUED with its next attempt time; a queued row that waited longer than its kind's timeout ends
 * FAILED with the reason it waited for; {@link io.kboss.server.operation.OperationQueue#cancelQueued}
 * ends a queued row CANCELLED. {@link io.kboss.server.operation.OperationQueue#cancel} cancels a queued
 * or running operation of a cancellable kind: a queued one ends CANCELLED at once; a running one gets a
 * cancel request on its row ({@code cancel_requested_by}), which the server following it reads at its next
 * poll of the agent job ({@link io.kboss.server.operation.OperationContext#cancelRequestedBy}); that server
 * cancels the agent job and, once it has ended, ends the row CANCELLED. Any server may ask.
 *
 * <h2>Enqueue</h2>
 * {@link io.kboss.server.operation.OperationQueue#enqueue} inserts the row in the caller's
 * transaction ({@link io.kboss.server.operation.NewOperation}: kind, origin, VM, host, zone, backup,
 * priority, payload). A kind that holds its VM ({@link io.kboss.server.operation.Exclusivity#VM}) is
 * refused with 431 naming the VM and what is queued or running on it when the VM already has one: the
 * row's {@code vm_lock} column is the VM's id while the row is live, under a unique key. An async
 * command answers {@code AsyncStart.operation(...)}: its job is a view of the operation and answers
 * its real outcome, whichever server ends it.
 *
 * <h2>Admission and claim</h2>
 * One dispatcher per server claims work when work is queued or ends (a wake-up, not a timer per
 * request) and every 2 s as a safety net, only as many operations as it has free workers. A claim is
 * one transaction per {@link io.kboss.server.operation.LimitGroup}: it locks the group's row
 * ({@code operation_limit_group}) for the milliseconds of the claim, counts RUNNING operations per
 * zone and host, reads the candidates in order (priority, then age) skipping Down hosts and full
 * hosts and zones, lets the domain's {@code Admission} decide under the group's cloud-wide, per-zone
 * and per-host limits (settings), and marks each admitted row RUNNING with
 * {@code UPDATE ... WHERE state = 'QUEUED' AND version = ?}. Limits hold across servers because every
 * claim of a group runs under the same row lock.
 *
 * <h2>Run, end, recovery</h2>
 * A worker runs the kind's {@link io.kboss.server.operation.OperationHandler}: it starts the agent
 * job with the operation's uuid as request id, follows it and returns an
 * {@link io.kboss.server.operation.Ending}, whose work (the domain change), the row's end and the async
 * job's result commit in one transaction, and only while this server still owns the row. Each server
 * heartbeats its RUNNING rows with its own heartbeat; any server adopts a row whose heartbeat expired
 * (a conditional UPDATE on owner and version) and its handler follows the agent job by request id. A
 * restarted server (same {@code kboss.server.name}) adopts its previous incarnation's rows at start,
 * before it serves requests; an orderly stop hands its rows back at once. Queued rows never need
 * adoption: any server claims them.
 *
 * <h2>Kinds that must not run together</h2>
 * A handler may name kinds that must not run on the same VM at the same time as its own
 * ({@link io.kboss.server.operation.OperationHandler#conflictsOnVm}; declared on either side, it holds both
 * ways): the claim leaves a queued operation out while a conflicting one runs on its VM, whatever its
 * group. A claim of a group with such kinds locks the lock rows of every group involved, in name order, so
 * two servers claiming the two kinds at once see each other's claim. A compression conflicts with the
 * restores and the delete this way. Only VM-exclusive operations make a VM busy in admission; a
 * backup-exclusive one (compression) leaves the VM to other work.
 *
 * <h2>Adding a kind</h2>
 * Declare an {@link io.kboss.server.operation.OperationHandler} bean whose
 * {@link io.kboss.server.operation.OperationKind} names the kind, what it holds
 * ({@link io.kboss.server.operation.Exclusivity}), its {@link io.kboss.server.operation.LimitGroup}
 * (three limit settings, each optional) and its {@link io.kboss.server.operation.KindPolicy} (timeout,
 * on/off switch, attempts and retry interval, each a setting; {@code timeoutPerAttempt()} for background
 * work whose timeout bounds each attempt and never a wait in the queue); contribute those settings; queue its
 * operations with {@code enqueue}. A kind whose work may run on another host than the one it was queued on
 * (any Up host of a zone, the host a VM moved to) also gives a {@link io.kboss.server.operation.Placement}
 * ({@link io.kboss.server.operation.OperationHandler#placement}): the queue asks it at each retry, and moves a
 * queued operation whose turn has come while its host is Down or full, or its VM elsewhere. Nothing else is registered: the group's lock row is created at
 * start. {@link io.kboss.server.operation.Housekeeping} beans run periodic quick work (queuing
 * leftovers) on the dispatcher.
 */
package io.kboss.server.operation;
