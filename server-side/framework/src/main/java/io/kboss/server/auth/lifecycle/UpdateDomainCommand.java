package io.kboss.server.auth.lifecycle;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.auth.AccountRepository;
import io.kboss.server.auth.AccountRepository.DomainRow;
import io.kboss.server.auth.Responses;
import org.springframework.stereotype.Component;

/** {@code updateDomain}: renames a domain; its path and those of the domains below it follow. */
@Component
public class UpdateDomainCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("updateDomain")
            .description("Updates a domain's name; the paths of the domains below it follow")
            .roles(Role.ADMINS)
            .param(ParamSpec.uuid("id").required().description("ID of the domain to update"))
            .param(ParamSpec.string("name").required().maxLength(255)
                    .description("the new name of the domain (no slashes)"))
            .responseObject("domain")
            .responseField("id", "string", "the ID of the domain")
            .responseField("path", "string", "the path of the domain")
            .build();

    private final AccountLifecycle lifecycle;
    private final AccountRepository accounts;

    public UpdateDomainCommand(AccountLifecycle lifecycle, AccountRepository accounts) {
        this.lifecycle = lifecycle;
        this.accounts = accounts;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        DomainRow d = lifecycle.domain(call.caller(), call.params().uuid("id"));
        String name = call.params().string("name").trim();
        if (name.isEmpty() || name.contains("/")) {
            throw ApiException.invalidParameter("Parameter name must not be blank or contain '/'; got '" + name + "'");
        }
        DomainRow after = lifecycle.renameDomain(d, name);
        return new ObjectResponse("domain",
                Responses.DomainResponse.of(after, accounts.findParent(after).orElse(null)));
    }
}
