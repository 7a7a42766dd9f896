package io.kboss.server.auth.lifecycle;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SuccessResponse;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.auth.UserAccount;
import org.springframework.stereotype.Component;

/**
 * {@code deleteUser}: the user is gone, its name free again; its sessions and keys stop working on
 * every server before the answer (which therefore takes about a second).
 */
@Component
public class DeleteUserCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("deleteUser")
            .description("Deletes a user; its sessions and API keys stop working")
            .roles(Role.ADMINS)
            .param(ParamSpec.uuid("id").required().description("the ID of the user"))
            .responseField("success", "boolean", "true if the user was deleted")
            .build();

    private final AccountLifecycle lifecycle;

    public DeleteUserCommand(AccountLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        UserAccount u = lifecycle.user(call.caller(), call.params().uuid("id"));
        lifecycle.checkDisableOrDelete(call.caller(), u, "delete");
        lifecycle.deleteUser(u);
        return SuccessResponse.ok();
    }
}
