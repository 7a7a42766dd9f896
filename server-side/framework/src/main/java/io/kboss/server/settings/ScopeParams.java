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
 * place a value is written to and the chain it is read through.
 */
@Component
public class ScopeParams {
    static final ParamSpec ZONE = ParamSpec.uuid("zoneid").description("the ID of the Zone to scope the setting to");
    static final ParamSpec CLUSTER = ParamSpec.uuid("clusterid")
            .description("the ID of the Cluster to scope the setting to");
    static final ParamSpec ACCOUNT = ParamSpec.uuid("accountid")
            .description("the ID of the Account to scope the setting to");

    private final Zones zones;
    private final AccountRepository accounts;

    public ScopeParams(Zones zones, AccountRepository accounts) {
        this.zones = zones;
        this.accounts = accounts;
    }

    /**
     * The one place a value is written to (updateConfiguration, resetConfiguration): GLOBAL when no
     * scope id is given; more than one id is refused, since a value lives at one scope.
     */
    public Scope forWrite(Params p) throws ApiException {
        int given = (p.has("zoneid") ? 1 : 0) + (p.has("clusterid") ? 1 : 0) + (p.has("accountid") ? 1 : 0);
        if (given > 1) {
            throw ApiException.invalidParameter("Give at most one of zoneid, clusterid and accountid: a value is "
                    + "set at one scope");
        }
        return forRead(p);
    }

    /**
     * The chain values are read through (listConfigurations): an account's value first, then the
     * cluster's and zone's given in the same request (a cluster brings its zone), then global. The
     * place is the most specific scope given; the listing shows the keys settable there.
     */
    public Scope forRead(Params p) throws ApiException {
        Long zoneId = p.has("zoneid") ? zones.zone("zoneid", p.uuid("zoneid")).id() : null;
        Long clusterId = null;
        if (p.has("clusterid")) {
            Cluster c = zones.cluster("clusterid", p.uuid("clusterid"));
            if (zoneId != null && zoneId != c.zoneId()) {
                throw ApiException.invalidParameter("Cluster " + c.name() + " is not in the zone given as zoneid; "
                        + "it is in zone " + c.zoneName());
            }
            clusterId = c.id();
            zoneId = c.zoneId();
        }
        Long accountId = null;
        if (p.has("accountid")) {
            accountId = accounts.findAccountByUuid(p.uuid("accountid").toString()).orElseThrow(
                    () -> ApiException.invalidParameter("Unable to find account by accountid " + p.uuid("accountid")))
                    .id();
        }
        ScopeChain chain = new ScopeChain(accountId, clusterId, zoneId);
        ScopedKey place = accountId != null
                ? new ScopedKey(SettingScope.ACCOUNT, accountId)
                : clusterId != null
                        ? new ScopedKey(SettingScope.CLUSTER, clusterId)
                        : zoneId != null
                                ? new ScopedKey(SettingScope.ZONE, zoneId)
                                : ScopedKey.GLOBAL;
        return new Scope(place, chain);
    }

    public record Scope(ScopedKey place, ScopeChain chain) {
    }
}
