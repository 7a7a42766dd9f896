package io.kboss.server.backup;

/** A zone as providers name it. */
public record ZoneRef(long id, String uuid, String name) {
}
