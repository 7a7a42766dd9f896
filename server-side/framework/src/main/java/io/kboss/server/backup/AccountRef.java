package io.kboss.server.backup;

/** An account as listings name it. */
public record AccountRef(long id, String uuid, String name) {
}
