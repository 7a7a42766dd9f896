package io.kboss.server.operation.engine;

import io.kboss.server.operation.KindLimits;
import io.kboss.server.operation.LimitGroup;
import io.kboss.server.operation.OperationKind;
import io.kboss.server.operation.domain.ConcurrencyLimits;
import io.kboss.server.operation.domain.Limit;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import io.kboss.server.settings.domain.SettingDefinition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A group's limits, and its kinds' own, as the settings say now, for the hosts and zones of one decision:
 * the cloud-wide value globally, a zone's at its zone, a host's at its cluster (then zone, then global). The
 * values come from one {@link Settings.Snapshot} of the group's and its kinds' keys, read once per decision
 * (before the group's lock is taken: settings are not what the lock protects).
 */
final class QueueLimits implements ConcurrencyLimits {
    private final LimitGroup group;
    private final Map<String, KindLimits> kinds = new HashMap<>();
    private final Settings.Snapshot settings;
    private final Limit cloud;
    private final Map<Long, Limit> zones = new HashMap<>();
    /** Each host's scope chain (its cluster, else its zone): where its per-host values are read. */
    private final Map<Long, ScopeChain> hostScopes = new HashMap<>();
    private final Map<ScopeChain, Limit> hostLimitByScope = new HashMap<>();
    private final Map<String, Limit> kindClouds = new HashMap<>();
    private final Map<String, Map<Long, Limit>> kindZones = new HashMap<>();
    private final Map<String, Map<ScopeChain, Limit>> kindHostsByScope = new HashMap<>();

    QueueLimits(LimitGroup group, Collection<OperationKind> kinds, Settings.Snapshot settings,
            Collection<OperationRows.HostPlace> places) {
        this.group = group;
        kinds.forEach(k -> this.kinds.put(k.name(), k.ownLimits()));
        this.settings = settings;
        this.cloud = read(group.cloudWide(), ScopeChain.GLOBAL_ONLY);
        for (OperationRows.HostPlace p : places) {
            hostScopes.put(p.id(), p.clusterId() == null
                    ? ScopeChain.zone(p.zoneId())
                    : ScopeChain.cluster(p.clusterId(), p.zoneId()));
        }
    }

    /** The group's and its kinds' limit keys: what a snapshot for its decisions must hold. */
    static List<SettingDefinition<?>> keys(LimitGroup group, Collection<OperationKind> kinds) {
        List<SettingDefinition<?>> keys = new ArrayList<>(3);
        for (SettingDefinition<?> k : Arrays.asList(group.cloudWide(), group.perZone(), group.perHost())) {
            if (k != null) {
                keys.add(k);
            }
        }
        kinds.forEach(k -> keys.addAll(k.ownLimits().keys()));
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
        ScopeChain scope = hostScopes.get(hostId);
        if (scope == null) {
            return unlimited(group.perHost());
        }
        return hostLimitByScope.computeIfAbsent(scope, s -> read(group.perHost(), s));
    }

    @Override
    public Limit kindCloud(String kind) {
        return kindClouds.computeIfAbsent(kind, k -> read(own(k).cloudWide(), ScopeChain.GLOBAL_ONLY));
    }

    @Override
    public Limit kindZone(String kind, long zoneId) {
        return kindZones.computeIfAbsent(kind, k -> new HashMap<>())
                .computeIfAbsent(zoneId, z -> read(own(kind).perZone(), ScopeChain.zone(z)));
    }

    @Override
    public Limit kindHost(String kind, long hostId) {
        ScopeChain scope = hostScopes.get(hostId);
        if (scope == null) {
            return unlimited(own(kind).perHost());
        }
        return kindHostsByScope.computeIfAbsent(kind, k -> new HashMap<>())
                .computeIfAbsent(scope, s -> read(own(kind).perHost(), s));
    }

    /** A kind not of this group (none is asked for) has no limits of its own here. */
    private KindLimits own(String kind) {
        return kinds.getOrDefault(kind, KindLimits.NONE);
    }

    private Limit read(SettingDefinition<Integer> key, ScopeChain scope) {
        return key == null ? Limit.unlimited(Limit.NONE) : new Limit(settings.value(key, scope), key.name());
    }

    private static Limit unlimited(SettingDefinition<Integer> key) {
        return Limit.unlimited(key == null ? Limit.NONE : key.name());
    }
}
