/**
 * The queue's machinery, internal to the framework (plugins use {@link io.kboss.server.operation}):
 * {@link io.kboss.server.operation.engine.OperationEngine} (dispatcher, workers, heartbeat, adoption,
 * expiry, housekeeping, start-up recovery and hand-back at stop),
 * {@link io.kboss.server.operation.engine.OperationClaims} (admission and claim in one transaction per
 * limit group), {@link io.kboss.server.operation.engine.OperationRunner} (one handler run and its one
 * ending transaction), {@link io.kboss.server.operation.engine.OperationRows} (every statement on
 * {@code operation}, each conditional on state and version where it changes a row) and
 * {@link io.kboss.server.operation.engine.JdbcOperationQueue} (the SPI's implementation).
 */
package io.kboss.server.operation.engine;
