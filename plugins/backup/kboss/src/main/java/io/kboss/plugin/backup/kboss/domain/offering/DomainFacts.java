package io.kboss.plugin.backup.kboss.domain.offering;

/** What the offering rules and responses need to know about a domain. */
public record DomainFacts(long id, String uuid, String name) {
}
