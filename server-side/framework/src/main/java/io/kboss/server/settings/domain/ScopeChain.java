package io.kboss.server.settings.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Where to look for a setting's value, most specific first: the account, then the cluster, then the
 * zone, then the global value. Ids are internal database ids; null means "not known in this call"
 * and that scope is skipped.
 */
public record ScopeChain(Long accountId, Long clusterId, Long zoneId) {
    public static final ScopeChain GLOBAL_ONLY = new ScopeChain(null, null, null);

    public static ScopeChain zone(long zoneId) {
        return new ScopeChain(null, null, zoneId);
    }

    public static ScopeChain cluster(long clusterId, long zoneId) {
        return new ScopeChain(null, clusterId, zoneId);
    }

    /** The (scope, id) pairs to try, in resolution order, limited to the scopes the key allows. */
    public List<ScopedKey> lookupOrder(SettingDefinition<?> def) {
        List<ScopedKey> order = new ArrayList<>(4);
        if (accountId != null && def.allowsScope(SettingScope.ACCOUNT)) {
            order.add(new ScopedKey(SettingScope.ACCOUNT, accountId));
        }
        if (clusterId != null && def.allowsScope(SettingScope.CLUSTER)) {
            order.add(new ScopedKey(SettingScope.CLUSTER, clusterId));
        }
        if (zoneId != null && def.allowsScope(SettingScope.ZONE)) {
            order.add(new ScopedKey(SettingScope.ZONE, zoneId));
        }
        order.add(ScopedKey.GLOBAL);
        return order;
    }

    /** Every place this chain reaches, whatever the key: for reading many keys at once. */
    public List<ScopedKey> allPlaces() {
        List<ScopedKey> all = new ArrayList<>(4);
        if (accountId != null) {
            all.add(new ScopedKey(SettingScope.ACCOUNT, accountId));
        }
        if (clusterId != null) {
            all.add(new ScopedKey(SettingScope.CLUSTER, clusterId));
        }
        if (zoneId != null) {
            all.add(new ScopedKey(SettingScope.ZONE, zoneId));
        }
        all.add(ScopedKey.GLOBAL);
        return all;
    }

    /** One stored place of a value; GLOBAL values use id 0. */
    public record ScopedKey(SettingScope scope, long id) {
        public static final ScopedKey GLOBAL = new ScopedKey(SettingScope.GLOBAL, 0);
    }
}
