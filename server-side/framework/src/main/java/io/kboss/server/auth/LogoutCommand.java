package io.kboss.server.auth;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.SyncCommand;
import org.springframework.stereotype.Component;

/** {@code logout}: ends the session the call came with. */
@Component
public class LogoutCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("logout")
            .description("Logs out the user: ends the session this call was made with")
            .responseField("description", "string", "success if the session ended")
            .build();

    private final SessionRepository sessions;

    public LogoutCommand(SessionRepository sessions) {
        this.sessions = sessions;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        if (call.sessionId() == null) {
            throw ApiException.invalidParameter("logout ends a login session; this call was signed with an API key "
                    + "and has no session to end");
        }
        sessions.delete(call.sessionId());
        return new Description("success");
    }

    record Description(String description) {
    }
}
