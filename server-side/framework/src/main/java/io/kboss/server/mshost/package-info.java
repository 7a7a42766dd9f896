/**
 * This management server among the others on the same database: its row in {@code mshost}, the name
 * lock that proves no other live server carries its name, and the one heartbeat loop every
 * per-server lease hangs on (async job leases, the heartbeats of the operations it runs).
 *
 * <p>Servers on one database must have distinct names ({@code kboss.server.name}): a server that
 * starts with the name of a live one is refused. A server that starts with the name of a dead one is
 * that server's next incarnation and takes its unfinished work over at once
 * ({@link io.kboss.server.mshost.ManagementServer#previousIncarnations()}).
 */
package io.kboss.server.mshost;
