package io.kboss.server.event;

/**
 * An event's step, CloudStack's names: long work emits Scheduled when queued, Started when it begins and
 * Completed when it ends (level ERROR when it failed); a change made at once emits Created.
 */
public enum EventState {
    Created, Scheduled, Started, Completed
}
