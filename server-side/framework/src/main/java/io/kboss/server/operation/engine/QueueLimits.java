package io.kboss.server.operation.engine;

import io.kboss.server.operation.LimitGroup;
import io.kboss.server.operation.domain.ConcurrencyLimits;
import io.kboss.server.operation.domain.Limit;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import io.kboss.server.settings.domain.SettingDefinition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.HashMap;
import java.util.Map;

/**
 * A group's limits as the settings say now, for the hosts and zones of one decision: the cloud-wide
 * value globally, a zone's at its zone, a host's at its cluster (then zone, then global). The values
 * come from one {@link Settings.Snapshot} of the group's keys, read once per decision (before the
 * group's lock is taken: settings are not what the lock protects).
 */
final class QueueLimits implements ConcurrencyLimits {
    private static final String NONE = "(none)";

    private final LimitGroup group;
    private final Settings.Snapshot settings;
    private final Limit cloud;
    private final Map<Long, Limit> zones = new HashMap<>();
    private final Map<Long, Limit> hosts = new HashMap<>();
    private final Map<ScopeChain, Limit> hostLimitByScope = new HashMap<>();

    QueueLimits(LimitGroup group, Settings.Snapshot settings, Collection<OperationRows.HostPlace> places) {
        this.group = group;
        this.settings = settings;
        this.cloud = read(group.cloudWide(), ScopeChain.GLOBAL_ONLY);
        for (OperationRows.HostPlace p : places) {
            ScopeChain scope = p.clusterId() == null
                    ? ScopeChain.zone(p.zoneId())
                    : ScopeChain.cluster(p.clusterId(), p.zoneId());
            hosts.put(p.id(), hostLimitByScope.computeIfAbsent(scope, s -> read(group.perHost(), s)));
        }
    }

    /** The group's limit keys: what a snapshot for its decisions must hold. */
    static List<SettingDefinition<?>> keys(LimitGroup group) {
        List<SettingDefinition<?>> keys = new ArrayList<>(3);
        for (SettingDefinition<?> k : Arrays.asList(group.cloudWide(), group.perZone(), group.perHost())) {
            if (k != null) {
                keys.add(k);
            }
        }
        return keys;
    }

    @Override
    public Limit cloud() {
        return cloud;
    }

    @Override
    public Limit zone(long zoneId) {
        return zones.computeIfAbsent(zoneId, z -> read(group.perZone(), ScopeChain.zone(z)));
    }

    @Override
    public Limit host(long hostId) {
        // A host not read (a row without a host: nothing runs on an agent) has no per-host limit.
        return hosts.getOrDefault(hostId, Limit.unlimited(group.perHost() == null ? NONE : group.perHost().name()));
    }

    private Limit read(SettingDefinition<Integer> key, ScopeChain scope) {
        return key == null ? Limit.unlimited(NONE) : new Limit(settings.value(key, scope), key.name());
    }
}
