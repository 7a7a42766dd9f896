package io.kboss.server.operation;

/**
 * Where an operation is: QUEUED until a server claims it under its group's limits, RUNNING while a
 * server follows it (heartbeating), then one of the ends, kept as history.
 */
public enum OperationState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    /** Queued or running: it holds its VM (or backup) and counts in the queue. */
    public boolean live() {
        return this == QUEUED || this == RUNNING;
    }
}
