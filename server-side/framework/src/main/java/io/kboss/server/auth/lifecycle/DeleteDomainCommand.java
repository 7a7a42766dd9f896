package io.kboss.server.auth.lifecycle;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.AsyncCommand;
import io.kboss.server.api.AsyncStart;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SuccessResponse;
import io.kboss.server.auth.AccountRepository.DomainRow;
import org.springframework.stereotype.Component;

/**
 * {@code deleteDomain} (async, as in CloudStack): refused while the domain has accounts,
 * subdomains or VMs, unless {@code cleanup=true}, which deletes its accounts, users and
 * subdomains and gives its VMs back to the admin account (VMs assigned to a backup offering
 * refuse even then: their backups belong to their accounts).
 */
@Component
public class DeleteDomainCommand implements AsyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("deleteDomain")
            .description("Deletes a domain; with cleanup=true also its accounts, users and subdomains")
            .roles(Role.ADMINS)
            .param(ParamSpec.uuid("id").required().description("ID of the domain to delete"))
            .param(ParamSpec.bool("cleanup").description("true to delete the domain's accounts, users and subdomains "
                    + "too and give its VMs back to the admin account; false (default) refuses while any remain"))
            .responseField("success", "boolean", "true if the domain was deleted")
            .build();

    private final AccountLifecycle lifecycle;

    public DeleteDomainCommand(AccountLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public AsyncStart start(ApiCall call) throws ApiException {
        DomainRow d = lifecycle.domain(call.caller(), call.params().uuid("id"));
        boolean cleanup = call.params().bool("cleanup", false);
        lifecycle.checkDelete(d, cleanup);
        return new AsyncStart(d.uuid(), "Domain", progress -> {
            lifecycle.deleteDomain(d, cleanup);
            return SuccessResponse.ok();
        });
    }
}
