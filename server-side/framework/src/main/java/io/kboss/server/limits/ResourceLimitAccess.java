package io.kboss.server.limits;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.api.NamedOwner;
import io.kboss.server.auth.AccountRepository;
import io.kboss.server.auth.AccountRepository.AccountRow;
import io.kboss.server.auth.AccountRepository.DomainRow;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Resolves the owner (account+domainid, or domainid) a resource limit command names, as the caller may see it. */
@Component
public class ResourceLimitAccess {
    private final AccountRepository accounts;

    public ResourceLimitAccess(AccountRepository accounts) {
        this.accounts = accounts;
    }

    /** The account or domain named; empty values for neither. */
    public record Target(Optional<AccountRow> account, Optional<DomainRow> domain) {
    }

    public Target target(ApiCall call) throws ApiException {
        Caller c = call.caller();
        boolean hasAccount = call.params().has("account");
        NamedOwner.requireDomainWithAccount(call.params());
        if (!call.params().has("domainid")) {
            return new Target(Optional.empty(), Optional.empty());
        }
        String uuid = call.params().uuid("domainid").toString();
        DomainRow d = accounts.findDomainByUuid(uuid).orElseThrow(() -> ApiException.invalidParameter(
                "Parameter domainid: no domain has ID " + uuid + "; listDomains shows the domains you may see"));
        // As CloudStack's checkAccess(caller, domain): a domain outside a domain admin's subtree is refused
        // with 432, not reported as missing. Users are checked below (their own account, or 432).
        if (c.isAdmin() && !c.isRootAdmin() && !d.path().startsWith(c.domainPath())) {
            throw ApiException.permissionDenied("Parameter domainid: account " + c.accountName() + " may not see "
                    + "the resource limits of domain " + d.name() + " (" + uuid + ")");
        }
        if (!hasAccount) {
            if (!c.isAdmin()) {
                throw ApiException.permissionDenied("Only administrators may see the limits of a domain");
            }
            return new Target(Optional.empty(), Optional.of(d));
        }
        String name = call.params().string("account");
        AccountRow a = accounts.findAccountByName(d.id(), name).filter(x -> c.mayAccess(x.id(), d.path()))
                .orElseThrow(() -> ApiException.invalidParameter("Unable to find account " + name + " in domain "
                        + d.path() + " that you may see"));
        return new Target(Optional.of(a), Optional.of(d));
    }
}
