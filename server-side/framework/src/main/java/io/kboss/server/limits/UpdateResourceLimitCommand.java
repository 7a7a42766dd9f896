package io.kboss.server.limits;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.auth.AccountRepository.AccountRow;
import io.kboss.server.auth.AccountRepository.DomainRow;
import io.kboss.server.backup.Transactions;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code updateResourceLimit}, as CloudStack: sets an account's (account + domainid) or a domain's
 * (domainid) limit of one resource type; -1 or no max = unlimited. A limit may not exceed the limit of the
 * domain above it, ROOT's limits are unlimited and fixed, and a domain administrator may change neither
 * their own account's nor their own domain's limits (the administrator above does).
 */
@Component
public class UpdateResourceLimitCommand implements SyncCommand {
    static final CommandSpec SPEC = CommandSpec.named("updateResourceLimit")
            .description("Updates the limit of a resource type for an account or a domain")
            .roles(Role.ADMINS)
            .param(ParamSpec.integer("resourcetype").required().description("Type of resource to update: "
                    + ResourceType.allowed()))
            .param(ParamSpec.longValue("max").description("Maximum resource limit (a count, GiB for backup_storage, "
                    + "MiB for memory); -1 or not given = unlimited"))
            .param(ParamSpec.string("account").maxLength(255)
                    .description("Update the resource limit of this account; needs domainid"))
            .param(ParamSpec.uuid("domainid").description("Update the resource limit of this domain, or of the "
                    + "account named in it"))
            .responseObject("resourcelimit")
            .responseField("resourcetype", "string", "resource type number")
            .responseField("resourcetypename", "string", "resource type name")
            .responseField("max", "long", "the maximum number of the resource; -1 = unlimited")
            .build();

    private final ResourceLimitAccess access;
    private final ResourceLimits limits;
    private final ResourceLimitRepository repository;
    private final TransactionTemplate tx;

    public UpdateResourceLimitCommand(ResourceLimitAccess access, ResourceLimits limits,
            ResourceLimitRepository repository, TransactionTemplate tx) {
        this.access = access;
        this.limits = limits;
        this.repository = repository;
        this.tx = tx;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        Caller c = call.caller();
        ResourceType type = type(call.params().integer("resourcetype"));
        Long given = call.params().longValue("max");
        long max = given == null ? -1 : given;
        if (max < -1) {
            throw ApiException.invalidParameter("Parameter max must be -1 (unlimited) or at least 0; got " + max);
        }
        ResourceLimitAccess.Target t = access.target(call);
        if (t.domain().isEmpty()) {
            throw ApiException.invalidParameter("Give domainid (a domain's limit) or account and domainid (an "
                    + "account's limit)");
        }
        DomainRow d = t.domain().get();
        return Transactions.run(tx, () -> {
            if (t.account().isPresent()) {
                AccountRow a = t.account().get();
                if (c.role() == Role.DOMAIN_ADMIN && a.id() == c.accountId()) {
                    throw ApiException.permissionDenied("A domain administrator may not change the limits of their "
                            + "own account " + a.name() + "; an administrator of a parent domain can");
                }
                repository.lockAccount(a.id());
                checkUnderDomain(type, max, d, "account " + a.name());
                repository.setAccountLimit(a.id(), type, max);
                return new ObjectResponse("resourcelimit", new ResourceLimitResponse(a.name(), d.uuid(), d.name(),
                        d.path(), Integer.toString(type.number()), type.csName(), max));
            }
            if ("/".equals(d.path())) {
                throw ApiException.invalidParameter("The ROOT domain's limits are unlimited and cannot be changed; "
                        + "set limits on its subdomains or accounts");
            }
            if (c.role() == Role.DOMAIN_ADMIN && d.path().equals(c.domainPath())) {
                throw ApiException.permissionDenied("A domain administrator may not change the limits of their own "
                        + "domain " + d.path() + "; an administrator of the parent domain can");
            }
            repository.lockDomain(d.id());
            String parentPath = d.path().substring(0, d.path().lastIndexOf('/', d.path().length() - 2) + 1);
            var chain = limits.domainAndAncestors(parentPath);
            checkUnderDomain(type, max, toRow(chain.get(chain.size() - 1)), "domain " + d.path());
            repository.setDomainLimit(d.id(), type, max);
            return new ObjectResponse("resourcelimit", new ResourceLimitResponse(null, d.uuid(), d.name(), d.path(),
                    Integer.toString(type.number()), type.csName(), max));
        });
    }

    private static DomainRow toRow(ResourceLimits.DomainOwner o) {
        return new DomainRow(o.id(), o.uuid(), o.name(), o.path());
    }

    /** A limit may not exceed the limit of the domain above it (ROOT is unlimited). */
    private void checkUnderDomain(ResourceType type, long max, DomainRow above, String what) throws ApiException {
        long bound = limits.domainLimit(new ResourceLimits.DomainOwner(above.id(), above.uuid(), above.name(),
                above.path()), type);
        if (bound >= 0 && (max < 0 || max > bound)) {
            throw ApiException.invalidParameter("The " + type.csName() + " limit of " + what + " cannot be "
                    + (max < 0 ? "unlimited" : max + ResourceLimits.unitName(type)) + ": domain " + above.path()
                    + " allows at most " + bound + ResourceLimits.unitName(type));
        }
    }

    static ResourceType type(Integer n) throws ApiException {
        return ResourceType.byNumber(n).orElseThrow(() -> ApiException.invalidParameter("Parameter resourcetype "
                + "must be one of " + ResourceType.allowed() + "; got " + n));
    }
}
