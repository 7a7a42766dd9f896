package io.kboss.server.operation;

import io.kboss.server.settings.domain.SettingDefinition;
import io.kboss.server.settings.domain.SettingScope;
import java.util.Objects;

/**
 * The concurrency limits a set of kinds is admitted under together: the operations of all kinds of a
 * group count against the same limits. Each limit comes from a setting (below 1 = unlimited); a null
 * setting means the group has no such limit. Per-zone settings are read at zone scope, per-host
 * settings at cluster scope (the host's cluster, then its zone, then global).
 *
 * <p>The backup group (backups, restores, volume restores, deletes) uses
 * {@code backup.max.concurrent.operations}, {@code .per.zone} and {@code .per.host}; compression
 * and validation bring groups of their own.
 *
 * @param name the group's lock row in {@code operation_limit_group}; at most 32 characters
 */
public record LimitGroup(String name, SettingDefinition<Integer> cloudWide, SettingDefinition<Integer> perZone,
        SettingDefinition<Integer> perHost) {
    public LimitGroup {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > 32) {
            throw new IllegalArgumentException("a limit group's name has 1 to 32 characters: '" + name + "'");
        }
        if (perZone != null && !perZone.allowsScope(SettingScope.ZONE)) {
            throw new IllegalArgumentException(perZone.name() + " is a per-zone limit: it needs the zone scope");
        }
    }
}
