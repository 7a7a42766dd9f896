package io.kboss.server.backup;

/** An account with its domain: what a call that names an account checks the caller's access with. */
public record AccountOwner(long id, String uuid, String name, long domainId, String domainUuid, String domainPath) {
}
