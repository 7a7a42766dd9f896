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
import io.kboss.server.limits.ResourceLimits;
import io.kboss.server.limits.ResourceType;
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
            .responseField("backuplimit", "string", "the total number of backups the account can own")
            .responseField("backuptotal", "long", "the total number of backups the account owns")
            .responseField("backupavailable", "string", "the total number of backups the account can still take")
            .responseField("backupstoragelimit", "string", "the backup storage, in GiB, the account can use")
            .responseField("backupstoragetotal", "long", "the backup storage, in GiB, the account's backups use")
            .responseField("backupstorageavailable", "string", "the backup storage, in GiB, still available")
            .responseField("vmlimit", "string", "the number of running VMs the account can have")
            .responseField("vmtotal", "long", "the number of the account's running VMs known to KBOSS")
            .responseField("vmavailable", "string", "the number of VMs the account can still run")
            .responseField("cpulimit", "string", "the CPU cores the account's running VMs can have")
            .responseField("cputotal", "long", "the CPU cores of the account's running VMs")
            .responseField("cpuavailable", "string", "the CPU cores still available")
            .responseField("memorylimit", "string", "the memory, in MiB, the account's running VMs can have")
            .responseField("memorytotal", "long", "the memory, in MiB, of the account's running VMs")
            .responseField("memoryavailable", "string", "the memory, in MiB, still available")
            .build();

    private final AccountRepository accounts;
    private final ResourceLimits limits;

    public ListAccountsCommand(AccountRepository accounts, ResourceLimits limits) {
        this.accounts = accounts;
        this.limits = limits;
    }

    private Responses.Usage usage(AccountRow a) {
        ResourceLimits.Owner o = limits.owner(a.id());
        return new Responses.Usage(used(o, ResourceType.BACKUP), used(o, ResourceType.BACKUP_STORAGE),
                used(o, ResourceType.USER_VM), used(o, ResourceType.CPU), used(o, ResourceType.MEMORY));
    }

    private Responses.Used used(ResourceLimits.Owner o, ResourceType type) {
        return new Responses.Used(limits.accountLimit(o, type), limits.accountUsage(o, type));
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
            out.add(Responses.AccountResponse.of(a, null, usage(a)));
        }
        return new ListResponse<>("account", accounts.countAccounts(prefix, only, like), out);
    }
}
