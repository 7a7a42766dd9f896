package io.kboss.server.auth;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.Paging;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.SyncCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** {@code listUsers}: shows each user's apikey, never the secret key. */
@Component
public class ListUsersCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("listUsers")
            .description("Lists users the caller may see, with their API keys (never the secret keys)")
            .param(ParamSpec.uuid("id").description("List the user with this ID"))
            .param(ParamSpec.string("username").maxLength(255).description("List the user with this username"))
            .listCommand()
            .responseObject("user")
            .responseField("id", "string", "the user ID")
            .responseField("username", "string", "the user name")
            .responseField("apikey", "string", "the api key of the user")
            .build();

    private final AccountRepository accounts;

    public ListUsersCommand(AccountRepository accounts) {
        this.accounts = accounts;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        Caller c = call.caller();
        Paging paging = call.paging();
        if (call.params().has("id")) {
            UserAccount u = accounts.findUserByUuid(call.params().uuid("id").toString()).orElse(null);
            if (u == null || !c.mayAccess(u.accountId(), u.domainPath())) {
                return new ListResponse<>("user", 0, List.of());
            }
            return new ListResponse<>("user", 1, List.of(Responses.UserResponse.of(u)));
        }
        Long only = c.isAdmin() ? null : c.accountId();
        String like = call.params().has("username")
                ? call.params().string("username").toLowerCase(Locale.ROOT)
                : paging.likePattern();
        String prefix = c.isRootAdmin() ? "/" : c.domainPath();
        List<Responses.UserResponse> out = new ArrayList<>();
        for (UserAccount u : accounts.listUsers(prefix, only, like, paging.offset(), paging.pageSize())) {
            out.add(Responses.UserResponse.of(u));
        }
        return new ListResponse<>("user", accounts.countUsers(prefix, only, like), out);
    }
}
