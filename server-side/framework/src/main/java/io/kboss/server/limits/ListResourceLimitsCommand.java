package io.kboss.server.limits;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.auth.AccountRepository.DomainRow;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * {@code listResourceLimits}, as CloudStack: the limits of the caller's account, or of the account
 * (account + domainid) or domain (domainid) named, as they apply (set, else the default setting).
 */
@Component
public class ListResourceLimitsCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("listResourceLimits")
            .description("Lists resource limits of an account or a domain")
            .param(ParamSpec.integer("resourcetype").description("Type of resource: " + ResourceType.allowed()))
            .param(ParamSpec.string("resourcetypename").maxLength(32).description("Type of resource by name: "
                    + "user_vm, cpu, memory, backup, backup_storage"))
            .param(ParamSpec.string("account").maxLength(255).description("List the limits of this account; "
                    + "needs domainid"))
            .param(ParamSpec.uuid("domainid").description("List the limits of this domain, or of the account "
                    + "named in it"))
            .listCommand()
            .responseObject("resourcelimit")
            .responseField("resourcetype", "string", "resource type number")
            .responseField("resourcetypename", "string", "resource type name")
            .responseField("max", "long", "the maximum number of the resource; -1 = unlimited")
            .build();

    private final ResourceLimitAccess access;
    private final ResourceLimits limits;

    public ListResourceLimitsCommand(ResourceLimitAccess access, ResourceLimits limits) {
        this.access = access;
        this.limits = limits;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        Caller c = call.caller();
        List<ResourceType> types = types(call);
        ResourceLimitAccess.Target t = access.target(call);
        List<ResourceLimitResponse> out = new ArrayList<>();
        if (t.domain().isPresent() && t.account().isEmpty()) {
            DomainRow d = t.domain().get();
            var owner = new ResourceLimits.DomainOwner(d.id(), d.uuid(), d.name(), d.path());
            for (ResourceType type : types) {
                out.add(new ResourceLimitResponse(null, d.uuid(), d.name(), d.path(), Integer.toString(type
                        .number()), type.csName(), limits.domainLimit(owner, type)));
            }
        } else {
            long accountId = t.account().map(a -> a.id()).orElse(c.accountId());
            ResourceLimits.Owner a = limits.owner(accountId);
            String domainUuid = t.domain().map(DomainRow::uuid).orElse(c.domainUuid());
            String domainName = t.domain().map(DomainRow::name).orElse(null);
            for (ResourceType type : types) {
                out.add(new ResourceLimitResponse(a.accountName(), domainUuid, domainName, a.domainPath(), Integer
                        .toString(type.number()), type.csName(), limits.accountLimit(a, type)));
            }
        }
        return new ListResponse<>("resourcelimit", out.size(), out);
    }

    private static List<ResourceType> types(ApiCall call) throws ApiException {
        if (call.params().has("resourcetype")) {
            return List.of(UpdateResourceLimitCommand.type(call.params().integer("resourcetype")));
        }
        if (call.params().has("resourcetypename")) {
            String n = call.params().string("resourcetypename");
            return List.of(ResourceType.byName(n).orElseThrow(() -> ApiException.invalidParameter(
                    "Parameter resourcetypename must be one of user_vm, cpu, memory, backup, backup_storage; got '"
                            + n + "'")));
        }
        return List.of(ResourceType.values());
    }
}
