package io.kboss.server.auth;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.Caller;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.Paging;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.auth.AccountRepository.DomainRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** {@code listDomains}: the caller's domain and the domains below it. */
@Component
public class ListDomainsCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("listDomains")
            .description("Lists the caller's domain and its subdomains")
            .roles(Role.ADMINS)
            .param(ParamSpec.string("name").maxLength(255).description("List domain by domain name"))
            .listCommand()
            .responseObject("domain")
            .responseField("id", "string", "the ID of the domain")
            .responseField("path", "string", "the path of the domain")
            .build();

    private final AccountRepository accounts;

    public ListDomainsCommand(AccountRepository accounts) {
        this.accounts = accounts;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) {
        Caller c = call.caller();
        Paging paging = call.paging();
        String like = call.params().has("name")
                ? call.params().string("name").toLowerCase(Locale.ROOT)
                : paging.likePattern();
        List<Responses.DomainResponse> out = new ArrayList<>();
        for (DomainRow d : accounts.listDomains(c.domainPath(), like, paging.offset(), paging.pageSize())) {
            out.add(Responses.DomainResponse.of(d, accounts.findParent(d).orElse(null)));
        }
        return new ListResponse<>("domain", accounts.countDomains(c.domainPath(), like), out);
    }
}
