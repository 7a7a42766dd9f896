package io.kboss.server.auth;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Params;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.auth.AccountRepository.DomainRow;
import org.springframework.stereotype.Component;

/** {@code createAccount}: an account with its first user. */
@Component
public class CreateAccountCommand implements SyncCommand {
    private static final CommandSpec SPEC = UserDetailsParams.declare(CommandSpec.named("createAccount")
            .description("Creates an account with its first user"))
            .roles(Role.ADMINS)
            .param(ParamSpec.string("username").required().maxLength(255).description("Unique username"))
            .param(ParamSpec.string("password").required().maxLength(1024)
                    .description("Clear text password (at least 8 characters)"))
            .param(ParamSpec.string("account").maxLength(255)
                    .description("Name of the account; the username when not given"))
            .param(ParamSpec.integer("accounttype").min(0).max(2)
                    .description("Type of the account: 0 user, 1 root admin, 2 domain admin (default 0)"))
            .param(ParamSpec.uuid("domainid").description("The domain of the account; the caller's when not given"))
            .responseObject("account")
            .responseField("id", "string", "the id of the account")
            .responseField("name", "string", "the name of the account")
            .responseField("accounttype", "integer", "account type (0 user, 1 root admin, 2 domain admin)")
            .responseField("user", "list", "the account's users")
            .build();

    private final AccountService service;
    private final AccountRepository accounts;

    public CreateAccountCommand(AccountService service, AccountRepository accounts) {
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
        String password = p.string("password");
        if (password.length() < 8) {
            throw ApiException.invalidParameter("Parameter password must have at least 8 characters");
        }
        String username = p.string("username");
        DomainRow domain = service.domainFor(call.caller(), p.has("domainid") ? p.uuid("domainid").toString() : null);
        Role role = Role.ofAccountType(p.integer("accounttype", 0));
        UserAccount u = service.createAccount(call.caller(), p.string("account", username).trim(), role, domain,
                username, password.toCharArray(), UserDetailsParams.of(p));
        return new ObjectResponse("account", Responses.AccountResponse.of(accounts.findAccountByUuid(u.accountUuid())
                .orElseThrow(), java.util.List.of(Responses.UserResponse.of(u))));
    }
}
