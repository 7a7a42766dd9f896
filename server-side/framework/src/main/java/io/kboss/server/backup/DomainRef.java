package io.kboss.server.backup;

/** A domain: its path ({@code /} for ROOT, {@code /sales/emea/}) decides who sees what below it. */
public record DomainRef(long id, String uuid, String name, String path) {
}
