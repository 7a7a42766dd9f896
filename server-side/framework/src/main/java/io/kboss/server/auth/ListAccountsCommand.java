package io.kboss.server.auth;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.Paging;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.auth.AccountRepository.AccountRow;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** {@code listAccounts}: users see their own account, admins their domain and below. */
@Component
public class ListAccountsCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("listAccounts")
            .description("Lists accounts the caller may see")
            .param(ParamSpec.uuid("id").description("List the account with this ID"))
            .param(ParamSpec.string("name").maxLength(255).description("List accounts by name"))
            .listCommand()
            .responseObject("account")
            .responseField("id", "string", "the id of the account")
            .responseField("name", "string", "the name of the account")
            .build();

    private final AccountRepository accounts;

    public ListAccountsCommand(AccountRepository accounts) {
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
        Long only = c.isAdmin() ? null : c.accountId();
        if (call.params().has("id")) {
            AccountRow a = accounts.findAccountByUuid(call.params().uuid("id").toString()).orElse(null);
            if (a == null || !c.mayAccess(a.id(), a.domain().path())) {
                return new ListResponse<>("account", 0, List.of());
            }
            only = a.id();
        }
        String like = call.params().has("name")
                ? call.params().string("name").toLowerCase(java.util.Locale.ROOT)
                : paging.likePattern();
        String prefix = c.isRootAdmin() ? "/" : c.domainPath();
        List<Responses.AccountResponse> out = new ArrayList<>();
        for (AccountRow a : accounts.listAccounts(prefix, only, like, paging.offset(), paging.pageSize())) {
            out.add(Responses.AccountResponse.of(a));
        }
        return new ListResponse<>("account", accounts.countAccounts(prefix, only, like), out);
    }
}
