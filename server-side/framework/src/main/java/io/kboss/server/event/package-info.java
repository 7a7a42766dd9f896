/**
 * Events as CloudStack has them, the SPI part: {@link io.kboss.server.event.EventLog} records a
 * {@link io.kboss.server.event.NewEvent} in the transaction of the change it reports, and
 * {@link io.kboss.server.event.EventTypes} names the types. The framework records the events of every
 * queued operation itself (queued, started, ended: {@code io.kboss.server.operation.engine}); providers
 * record those of changes made at once (offerings, backup job runs). listEvents, the purge and webhooks
 * live in {@code io.kboss.server.event.log} and {@code io.kboss.server.event.webhook}, which providers do
 * not use.
 */
package io.kboss.server.event;
