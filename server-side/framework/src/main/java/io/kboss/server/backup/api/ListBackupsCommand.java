package io.kboss.server.backup.api;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListAll;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Params;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.backup.BackupPage;
import io.kboss.server.backup.BackupQuery;
import io.kboss.server.backup.BackupResponse;
import io.kboss.server.backup.Directory;
import io.kboss.server.backup.ListOwner;
import io.kboss.server.backup.ImageStoreRef;
import io.kboss.server.backup.ZoneRef;
import java.util.Collection;
import java.util.Arrays;
import java.time.ZoneOffset;
import java.time.Instant;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * listBackups: users see their own account's backups, domain admins their domain's, root admins all;
 * the filters (CloudStack's, plus imagestoreid) narrow that down and never widen it.
 */
@Component
public class ListBackupsCommand implements SyncCommand {
    /** The statuses listBackups shows; Removed and Expunged backups are never listed. */
    static final String[] LISTED_STATUSES = {"Allocated", "Queued", "BackingUp", "BackedUp", "Error", "Failed",
            "Restoring"};

    private static final String[] TYPES = {"Full", "Incremental", "Isolated"};
    private static final CommandSpec SPEC = BackupResponse.describeFields(CommandSpec.named("listBackups")
            .description("Lists backups, oldest first; removed ones are not shown.")
            .roles(Role.ALL)
            .listCommand()
            .param(ParamSpec.uuid("id").description("only the backup with this ID"))
            .param(ParamSpec.uuid("virtualmachineid").description("only backups of this VM (also a removed one);"
                    + " a VM of an account you may not act on is refused"))
            .param(ParamSpec.uuid("zoneid").description("only backups of VMs of this zone"))
            .param(ParamSpec.string("name").maxLength(255).description("only backups with exactly this name"))
            .param(ParamSpec.uuid("backupofferingid").description("only backups taken with this backup offering"))
            .param(ParamSpec.string("status").allowedValues(LISTED_STATUSES)
                    .description("only backups in this status"))
            .param(ParamSpec.uuid("imagestoreid").description("only backups on this image store (root admins)"))
            .param(ListOwner.domainParam("backups"))
            .param(ListOwner.accountParam("backups"))
            .param(ListOwner.recursiveParam())
            .param(ListAll.param("backups"))
            .param(ParamSpec.bool("listvmdetails").description("answer each backup's VM details (vmdetails)"))
            .param(ParamSpec.string("type").allowedValues(TYPES).description("only Full backups (the fulls of "
                    + "chains), Incremental ones, or Isolated ones (isolated fulls)"))
            .param(ParamSpec.date("startdate").description("only backups taken (not yet taken: asked for) at or "
                    + "after this time"))
            .param(ParamSpec.date("enddate").description("only backups taken (not yet taken: asked for) at or "
                    + "before this time (a date alone: the end of that day, UTC)")))
            .build();

    private final BackupCommandSupport support;
    private final Directory directory;

    public ListBackupsCommand(BackupCommandSupport support, Directory directory) {
        this.support = support;
        this.directory = directory;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        Params p = call.params();
        UUID id = p.uuid("id");
        UUID vm = p.uuid("virtualmachineid");
        BackupQuery.Filter filter = filter(call.caller(), p, id != null);
        BackupPage page = support.list(call.caller(), id == null ? null : id.toString(),
                vm == null ? null : vm.toString(), call.paging(), filter);
        return new ListResponse<>(BackupResponse.OBJECT_NAME, page.total(),
                page.backups().stream().map(BackupResponse::new).collect(Collectors.toList()));
    }

    private BackupQuery.Filter filter(Caller caller, Params p, boolean byId) throws ApiException {
        Long zoneId = null;
        if (p.has("zoneid")) {
            String uuid = p.uuid("zoneid").toString();
            zoneId = directory.zone(uuid).map(ZoneRef::id).orElseThrow(() -> ApiException.invalidParameter(
                    "Parameter zoneid: no zone has ID " + uuid));
        }
        Long storeId = null;
        if (p.has("imagestoreid")) {
            if (!caller.isRootAdmin()) {
                throw ApiException.permissionDenied("Parameter imagestoreid is for root administrators only");
            }
            String uuid = p.uuid("imagestoreid").toString();
            storeId = directory.imageStore(uuid).map(ImageStoreRef::id).orElseThrow(() -> ApiException
                    .invalidParameter("Parameter imagestoreid: no image store has ID " + uuid));
        }
        // account, domainid, isrecursive and listall as CloudStack's buildACLSearchParameters (ListOwner).
        ListOwner owner = ListOwner.of(directory, caller, p, byId, "backups");
        Long accountId = owner.accountId();
        Collection<Long> domainIds = owner.domainIds();
        String offering = p.has("backupofferingid") ? p.uuid("backupofferingid").toString() : null;
        String type = p.has("type")
                ? Arrays.stream(TYPES).filter(t -> t.equalsIgnoreCase(p.string("type")))
                        .findFirst().orElseThrow()
                : null;
        Instant from = p.date("startdate");
        Instant to = p.date("enddate");
        if (to != null && to.atOffset(ZoneOffset.UTC).toLocalTime().toNanoOfDay() == 0) {
            to = to.plus(Duration.ofDays(1)).minusMillis(1);
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw ApiException.invalidParameter("Parameter startdate (" + from + ") must not be after enddate ("
                    + to + ")");
        }
        return new BackupQuery.Filter(zoneId, p.string("name"), offering, p.string("status"), accountId, domainIds,
                storeId, p.bool("listvmdetails", false), type, from, to);
    }
}
