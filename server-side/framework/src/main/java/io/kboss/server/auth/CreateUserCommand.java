package io.kboss.server.auth;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Params;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.auth.AccountRepository.AccountRow;
import io.kboss.server.auth.AccountRepository.DomainRow;
import org.springframework.stereotype.Component;

/** {@code createUser}: another user of an existing account. */
@Component
public class CreateUserCommand implements SyncCommand {
    private static final CommandSpec SPEC = UserDetailsParams.declare(CommandSpec.named("createUser")
            .description("Creates a user for an account that already exists"))
            .roles(Role.ADMINS)
            .param(ParamSpec.string("username").required().maxLength(255).description("Unique username"))
            .param(ParamSpec.string("password").required().maxLength(1024)
                    .description("Clear text password (at least 8 characters)"))
            .param(ParamSpec.string("account").required().maxLength(255).description("The account to add the user to"))
            .param(ParamSpec.uuid("domainid").description("The account's domain; the caller's when not given"))
            .responseObject("user")
            .responseField("id", "string", "the user ID")
            .responseField("username", "string", "the user name")
            .build();

    private final AccountService service;
    private final AccountRepository accounts;

    public CreateUserCommand(AccountService service, AccountRepository accounts) {
        this.service = service;
        this.accounts = accounts;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        Params p = call.params();
        if (p.string("password").length() < 8) {
            throw ApiException.invalidParameter("Parameter password must have at least 8 characters");
        }
        DomainRow domain = service.domainFor(call.caller(), p.has("domainid") ? p.uuid("domainid").toString() : null);
        AccountRow account = accounts.findAccountByName(domain.id(), p.string("account")).orElseThrow(
                () -> ApiException.invalidParameter("Unable to find account " + p.string("account") + " in domain "
                        + domain.name() + "; create it with createAccount first"));
        UserAccount u = service.createUser(account, p.string("username"), p.string("password").toCharArray(),
                UserDetailsParams.of(p));
        return new ObjectResponse("user", Responses.UserResponse.of(u));
    }
}
