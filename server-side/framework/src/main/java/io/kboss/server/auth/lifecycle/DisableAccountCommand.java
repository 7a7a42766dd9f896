package io.kboss.server.auth.lifecycle;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.AsyncCommand;
import io.kboss.server.api.AsyncStart;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Params;
import io.kboss.server.api.Role;
import io.kboss.server.auth.AccountRepository.AccountRow;
import io.kboss.server.auth.Responses;
import org.springframework.stereotype.Component;

/**
 * {@code disableAccount} (async, as in CloudStack): the account's users can no longer log in, and
 * their sessions and API keys stop working on every server before the job finishes. {@code lock}
 * records whether the account was locked or disabled; KBOSS does not start or stop VMs, so both
 * take away API access and nothing else.
 */
@Component
public class DisableAccountCommand implements AsyncCommand {
    private static final CommandSpec SPEC = AccountParams.declare(CommandSpec.named("disableAccount")
            .description("Disables an account: its users' logins, sessions and API keys stop working")
            .roles(Role.ADMINS), "disable")
            .param(ParamSpec.bool("lock").required()
                    .description("true to lock the account (state locked), false to disable it (state disabled)"))
            .responseObject("account")
            .responseField("id", "string", "the id of the account")
            .responseField("state", "string", "the state of the account")
            .build();

    private final AccountLifecycle lifecycle;

    public DisableAccountCommand(AccountLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public AsyncStart start(ApiCall call) throws ApiException {
        Params p = call.params();
        AccountRow a = lifecycle.account(call.caller(), p.uuid("id"), p.string("account"), p.uuid("domainid"));
        lifecycle.checkDisable(call.caller(), a);
        boolean lock = p.bool("lock");
        return new AsyncStart(a.uuid(), "Account", progress -> new ObjectResponse("account",
                Responses.AccountResponse.of(lifecycle.disableAccount(a, lock))));
    }
}
