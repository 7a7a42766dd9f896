package io.kboss.server.auth.lifecycle;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.AsyncCommand;
import io.kboss.server.api.AsyncStart;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.auth.Responses;
import io.kboss.server.auth.UserAccount;
import org.springframework.stereotype.Component;

/**
 * {@code disableUser} (async, as in CloudStack): the user can no longer log in; its sessions and
 * API keys stop working on every server before the job finishes.
 */
@Component
public class DisableUserCommand implements AsyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("disableUser")
            .description("Disables a user: its logins, sessions and API keys stop working")
            .roles(Role.ADMINS)
            .param(ParamSpec.uuid("id").required().description("the ID of the user"))
            .responseObject("user")
            .responseField("id", "string", "the user ID")
            .responseField("state", "string", "the user state")
            .build();

    private final AccountLifecycle lifecycle;

    public DisableUserCommand(AccountLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public AsyncStart start(ApiCall call) throws ApiException {
        UserAccount u = lifecycle.user(call.caller(), call.params().uuid("id"));
        lifecycle.checkDisableOrDelete(call.caller(), u, "disable");
        return new AsyncStart(u.userUuid(), "User",
                progress -> new ObjectResponse("user", Responses.UserResponse.of(lifecycle.disableUser(u))));
    }
}
