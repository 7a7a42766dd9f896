package io.kboss.server.auth.lifecycle;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.Params;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.auth.AccountRepository.AccountRow;
import io.kboss.server.auth.Responses;
import org.springframework.stereotype.Component;

/** {@code enableAccount}: a disabled or locked account's users may log in and sign calls again. */
@Component
public class EnableAccountCommand implements SyncCommand {
    private static final CommandSpec SPEC = AccountParams.declare(CommandSpec.named("enableAccount")
            .description("Enables a disabled or locked account")
            .roles(Role.ADMINS), "enable")
            .responseObject("account")
            .responseField("id", "string", "the id of the account")
            .responseField("state", "string", "the state of the account")
            .build();

    private final AccountLifecycle lifecycle;

    public EnableAccountCommand(AccountLifecycle lifecycle) {
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
        return new ObjectResponse("account", Responses.AccountResponse.of(lifecycle.enableAccount(a)));
    }
}
