package io.kboss.server.api;

/**
 * An API command. Implement {@link SyncCommand} or {@link AsyncCommand} (never this directly) and
 * make the implementation a Spring bean: the registry collects every bean of this type.
 */
public interface ApiCommand {
    CommandSpec spec();
}
