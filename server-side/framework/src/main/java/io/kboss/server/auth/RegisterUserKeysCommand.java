package io.kboss.server.auth;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.SyncCommand;
import org.springframework.stereotype.Component;

/** {@code registerUserKeys}: new API and secret keys for a user; the old ones stop working. */
@Component
public class RegisterUserKeysCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("registerUserKeys")
            .description("Generates new API and secret keys for a user; the previous keys stop working")
            .param(ParamSpec.uuid("id").required().description("User id"))
            .responseObject("userkeys")
            .responseField("apikey", "string", "the api key of the registered user")
            .responseField("secretkey", "string", "the secret key of the registered user")
            .build();

    private final AccountService service;

    public RegisterUserKeysCommand(AccountService service) {
        this.service = service;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        UserAccount u = service.userFor(call.caller(), call.params().uuid("id").toString());
        return new ObjectResponse("userkeys", service.registerKeys(u));
    }
}
