package io.kboss.server.settings;

import io.kboss.server.api.ApiException;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Params;
import io.kboss.server.auth.AccountRepository;
import io.kboss.server.inventory.InventoryRepository.Cluster;
import io.kboss.server.inventory.Zones;
import io.kboss.server.settings.domain.ScopeChain;
import io.kboss.server.settings.domain.ScopeChain.ScopedKey;
import io.kboss.server.settings.domain.SettingScope;
import org.springframework.stereotype.Component;

/**
 * Turns the {@code zoneid}/{@code clusterid}/{@code accountid} of the settings commands into the
 * place a value is written to and the chain it is read through. A cluster brings its zone along,
 * so a cluster-scoped read still falls back to the zone's value for zone keys.
 */
@Component
public class ScopeParams {
    static final ParamSpec ZONE = ParamSpec.uuid("zoneid").description("the ID of the Zone to scope the setting to");
    static final ParamSpec CLUSTER = ParamSpec.uuid("clusterid").description("the ID of the Cluster to scope the setting to");
    static final ParamSpec ACCOUNT = ParamSpec.uuid("accountid").description("the ID of the Account to scope the setting to");

    private final Zones zones;
    private final AccountRepository accounts;

    public ScopeParams(Zones zones, AccountRepository accounts) {
        this.zones = zones;
        this.accounts = accounts;
    }

    /** The chosen scope, or GLOBAL when no scope id is given; more than one id is refused. */
    public Scope of(Params p) throws ApiException {
        int given = (p.has("zoneid") ? 1 : 0) + (p.has("clusterid") ? 1 : 0) + (p.has("accountid") ? 1 : 0);
        if (given > 1) {
            throw ApiException.invalidParameter("Give at most one of zoneid, clusterid and accountid: a value is "
                    + "set at one scope");
        }
        if (p.has("zoneid")) {
            long id = zones.zone("zoneid", p.uuid("zoneid")).id();
            return new Scope(new ScopedKey(SettingScope.ZONE, id), ScopeChain.zone(id));
        }
        if (p.has("clusterid")) {
            Cluster c = zones.cluster("clusterid", p.uuid("clusterid"));
            return new Scope(new ScopedKey(SettingScope.CLUSTER, c.id()), ScopeChain.cluster(c.id(), c.zoneId()));
        }
        if (p.has("accountid")) {
            long id = accounts.findAccountByUuid(p.uuid("accountid").toString()).orElseThrow(
                    () -> ApiException.invalidParameter("Unable to find account by accountid " + p.uuid("accountid")))
                    .id();
            return new Scope(new ScopedKey(SettingScope.ACCOUNT, id), new ScopeChain(id, null, null));
        }
        return new Scope(ScopedKey.GLOBAL, ScopeChain.GLOBAL_ONLY);
    }

    public record Scope(ScopedKey place, ScopeChain chain) {
    }
}
