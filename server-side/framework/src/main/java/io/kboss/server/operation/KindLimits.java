package io.kboss.server.operation;

import io.kboss.server.settings.domain.SettingDefinition;
import io.kboss.server.settings.domain.SettingScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A kind's own concurrency limits, on top of its {@link LimitGroup}'s: an operation starts only when both
 * its group and its kind have room in the cloud, its zone and its host. They let an operator hold back one
 * kind of a shared group ("at most one restore per host") without holding back the others. Each limit comes
 * from a setting (0 = no limit of the kind's own); a null setting means the kind has no such limit. Scopes
 * are read as the group's are: cloud-wide globally, per zone at the zone, per host at the host's cluster.
 */
public record KindLimits(SettingDefinition<Integer> cloudWide, SettingDefinition<Integer> perZone,
        SettingDefinition<Integer> perHost) {
    /** No limits of the kind's own: only its group's count (kinds that have a group to themselves). */
    public static final KindLimits NONE = new KindLimits(null, null, null);

    public KindLimits {
        if (perZone != null && !perZone.allowsScope(SettingScope.ZONE)) {
            throw new IllegalArgumentException(perZone.name() + " is a per-zone limit: it needs the zone scope");
        }
    }

    /** The settings these limits are read from. */
    public List<SettingDefinition<?>> keys() {
        List<SettingDefinition<?>> keys = new ArrayList<>(3);
        for (SettingDefinition<?> k : Arrays.asList(cloudWide, perZone, perHost)) {
            if (k != null) {
                keys.add(k);
            }
        }
        return keys;
    }
}
