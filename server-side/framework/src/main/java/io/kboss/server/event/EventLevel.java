package io.kboss.server.event;

/** An event's level, as CloudStack's listEvents shows it. */
public enum EventLevel {
    INFO, WARN, ERROR
}
