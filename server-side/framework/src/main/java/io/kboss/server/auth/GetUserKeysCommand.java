package io.kboss.server.auth;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.SyncCommand;
import org.springframework.stereotype.Component;

/** {@code getUserKeys}: a user's keys, secret included, to that user only. */
@Component
public class GetUserKeysCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("getUserKeys")
            .description(
                    "Returns the API and secret keys of the calling user (only a user may read its own secret key)")
            .param(ParamSpec.uuid("id").required().description("ID of the user whose keys are required"))
            .responseObject("userkeys")
            .responseField("apikey", "string", "the api key of the user")
            .responseField("secretkey", "string", "the secret key of the user")
            .build();

    private final AccountRepository accounts;

    public GetUserKeysCommand(AccountRepository accounts) {
        this.accounts = accounts;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        String id = call.params().uuid("id").toString();
        if (!id.equals(call.caller().userUuid())) {
            throw ApiException.permissionDenied("Only the user itself may read its secret key; "
                    + "an admin may issue new keys with registerUserKeys instead");
        }
        UserAccount u = accounts.findUserByUuid(id).orElseThrow(
                () -> ApiException.invalidParameter("Unable to find user by id " + id));
        return new ObjectResponse("userkeys", new Responses.UserKeys(u.apiKey(), u.secretKey()));
    }
}
