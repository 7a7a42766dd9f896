package io.kboss.server.auth.lifecycle;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.AsyncCommand;
import io.kboss.server.api.AsyncStart;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SuccessResponse;
import io.kboss.server.auth.AccountRepository.AccountRow;
import org.springframework.stereotype.Component;

/**
 * {@code deleteAccount} (async, as in CloudStack): deletes the account and its users; refused while
 * it owns VMs (KBOSS discovers VMs, it does not destroy them: give them to another account first).
 */
@Component
public class DeleteAccountCommand implements AsyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("deleteAccount")
            .description("Deletes an account and its users; refused while the account owns VMs")
            .roles(Role.ADMINS)
            .param(ParamSpec.uuid("id").required().description("the ID of the account to delete"))
            .responseField("success", "boolean", "true if the account was deleted")
            .build();

    private final AccountLifecycle lifecycle;

    public DeleteAccountCommand(AccountLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public AsyncStart start(ApiCall call) throws ApiException {
        AccountRow a = lifecycle.account(call.caller(), call.params().uuid("id"), null, null);
        lifecycle.checkDelete(call.caller(), a);
        return new AsyncStart(a.uuid(), "Account", progress -> {
            lifecycle.deleteAccount(a);
            return SuccessResponse.ok();
        });
    }
}
