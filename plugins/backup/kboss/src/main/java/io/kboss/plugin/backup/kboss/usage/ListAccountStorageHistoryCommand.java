package io.kboss.plugin.backup.kboss.usage;

import io.kboss.plugin.backup.kboss.FixedSpecCommand;
import io.kboss.plugin.backup.kboss.domain.usage.DailyStorage;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.HistoryWindow;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.api.TimeWindow;
import io.kboss.server.backup.AccountOwner;
import io.kboss.server.backup.Directory;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * listAccountStorageHistory: the bytes an account's backups held at the end of each day (UTC), oldest day
 * first, from when each backup was taken until it was deleted, with the size it had then (its size when
 * taken, changed where a compression or a merge on delete was recorded: backup_size_change, V28). Users see their own account, domain admins
 * the accounts of their domain and below, root admins any. The window defaults to the last 30 days and may
 * span at most 366 (at most 367 rows, one per day), paged as every list.
 */
public class ListAccountStorageHistoryCommand extends FixedSpecCommand implements SyncCommand {
    private static final HistoryWindow WINDOW = HistoryWindow.lastDays(30);
    public static final String OBJECT_NAME = "accountstorage";

    private static final CommandSpec SPEC = CommandSpec.named("listAccountStorageHistory")
            .description("Lists the bytes an account's backups held at the end of each day (UTC), oldest first")
            .roles(Role.ALL)
            .listCommand()
            .param(ParamSpec.uuid("accountid").description("the ID of the account (default: the caller's)"))
            .param(WINDOW.firstDay())
            .param(WINDOW.lastDay())
            .responseObject(OBJECT_NAME)
            .responseField("accountid", "string", "the ID of the account")
            .responseField("account", "string", "the name of the account")
            .responseField("date", "string", "the day (yyyy-MM-dd, UTC); today's point is now")
            .responseField("size", "long", "bytes its backups held at the end of the day, each with its size then "
                    + "(compressions and merges on delete counted from when they happened; backups resized before "
                    + "these were recorded count with their size now)")
            .responseField("backups", "integer", "how many backups held them")
            .build();

    private final BackupUsageRepository history;
    private final Directory directory;
    private final Clock clock;

    public ListAccountStorageHistoryCommand(BackupUsageRepository history, Directory directory, Clock clock) {
        super(SPEC);
        this.history = history;
        this.directory = directory;
        this.clock = clock;
    }

    /** One day of the history. */
    record StorageResponse(String accountid, String account, String date, long size, int backups) {
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        Caller caller = call.caller();
        UUID asked = call.params().uuid("accountid");
        String accountUuid = asked == null ? caller.accountUuid() : asked.toString();
        AccountOwner account = directory.account(accountUuid).orElseThrow(() -> ApiException.invalidParameter(
                "accountid " + accountUuid + " does not name an account; list them with listAccounts"));
        if (!caller.mayAccess(account.id(), account.domainPath())) {
            throw ApiException.permissionDenied("Account " + accountUuid + " is not yours; you may see the "
                    + "storage history of " + (caller.isAdmin() ? "the accounts of your domain" : "your own account")
                    + " only");
        }
        TimeWindow w = WINDOW.of(call, clock);
        LocalDate first = w.start().atOffset(ZoneOffset.UTC).toLocalDate();
        LocalDate last = w.end().atOffset(ZoneOffset.UTC).toLocalDate();
        List<StorageResponse> out = DailyStorage.points(history.storedByAccount(account.id(),
                first.atStartOfDay(ZoneOffset.UTC).toInstant(), w.end()), first, last, clock.instant()).stream()
                .map(p -> new StorageResponse(account.uuid(), account.name(), p.day().toString(), p.bytes(),
                        p.backups()))
                .toList();
        return new ListResponse<>(OBJECT_NAME, out.size(), call.paging().slice(out));
    }
}
