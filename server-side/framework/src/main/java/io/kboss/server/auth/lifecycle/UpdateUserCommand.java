package io.kboss.server.auth.lifecycle;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Params;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.auth.Responses;
import io.kboss.server.auth.UserAccount;
import io.kboss.server.auth.UserDetailsParams;
import org.springframework.stereotype.Component;

/**
 * {@code updateUser}: a user's name, first and last name, email, time zone or password. A user may
 * update itself (its own password only with {@code currentpassword}); an admin, the users of its
 * domain.
 */
@Component
public class UpdateUserCommand implements SyncCommand {
    private static final CommandSpec SPEC = UserDetailsParams.declare(CommandSpec.named("updateUser")
            .description("Updates a user: username, first and last name, email, time zone or password"))
            .param(ParamSpec.uuid("id").required().description("the ID of the user"))
            .param(ParamSpec.string("username").maxLength(255).description("the new unique username"))
            .param(ParamSpec.string("password").maxLength(1024)
                    .description("the new clear text password (at least 8 characters)"))
            .param(ParamSpec.string("currentpassword").maxLength(1024)
                    .description("the user's current password; required when users change their own password"))
            .responseObject("user")
            .responseField("id", "string", "the user ID")
            .responseField("username", "string", "the user name")
            .build();

    private final AccountLifecycle lifecycle;

    public UpdateUserCommand(AccountLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        Params p = call.params();
        UserAccount u = lifecycle.user(call.caller(), p.uuid("id"));
        String username = p.string("username");
        UserAccount after = lifecycle.updateUser(call.caller(), u, username == null ? null : username.trim(),
                UserDetailsParams.of(p), p.string("password"), p.string("currentpassword"));
        return new ObjectResponse("user", Responses.UserResponse.of(after));
    }
}
