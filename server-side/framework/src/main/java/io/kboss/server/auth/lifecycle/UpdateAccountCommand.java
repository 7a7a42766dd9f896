package io.kboss.server.auth.lifecycle;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Params;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.auth.AccountRepository.AccountRow;
import io.kboss.server.auth.Responses;
import org.springframework.stereotype.Component;

/** {@code updateAccount}: renames an account. */
@Component
public class UpdateAccountCommand implements SyncCommand {
    private static final CommandSpec SPEC = AccountParams.declare(CommandSpec.named("updateAccount")
            .description("Updates an account: its name")
            .roles(Role.ADMINS), "update")
            .param(ParamSpec.string("newname").required().maxLength(255).description("the new name of the account"))
            .responseObject("account")
            .responseField("id", "string", "the id of the account")
            .responseField("name", "string", "the name of the account")
            .build();

    private final AccountLifecycle lifecycle;

    public UpdateAccountCommand(AccountLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        Params p = call.params();
        AccountRow a = lifecycle.account(call.caller(), p.uuid("id"), p.string("account"), p.uuid("domainid"));
        String newName = p.string("newname").trim();
        if (newName.isEmpty()) {
            throw ApiException.invalidParameter("Parameter newname must not be blank");
        }
        return new ObjectResponse("account", Responses.AccountResponse.of(lifecycle.renameAccount(a, newName)));
    }
}
