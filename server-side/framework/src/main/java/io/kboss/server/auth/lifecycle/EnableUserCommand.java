package io.kboss.server.auth.lifecycle;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.auth.Responses;
import io.kboss.server.auth.UserAccount;
import org.springframework.stereotype.Component;

/** {@code enableUser}: a disabled user may log in and sign calls again. */
@Component
public class EnableUserCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("enableUser")
            .description("Enables a disabled user")
            .roles(Role.ADMINS)
            .param(ParamSpec.uuid("id").required().description("the ID of the user"))
            .responseObject("user")
            .responseField("id", "string", "the user ID")
            .responseField("state", "string", "the user state")
            .build();

    private final AccountLifecycle lifecycle;

    public EnableUserCommand(AccountLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        UserAccount u = lifecycle.user(call.caller(), call.params().uuid("id"));
        return new ObjectResponse("user", Responses.UserResponse.of(lifecycle.enableUser(u)));
    }
}
