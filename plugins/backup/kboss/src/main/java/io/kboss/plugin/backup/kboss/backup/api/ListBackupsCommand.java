package io.kboss.plugin.backup.kboss.backup.api;

import io.kboss.plugin.backup.kboss.backup.BackupListing;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import java.util.UUID;
import java.util.stream.Collectors;

/** listBackups: users see their own account's backups, domain admins their domain's, root admins all. */
public class ListBackupsCommand implements SyncCommand {
    private static final CommandSpec SPEC = BackupResponse.describeFields(CommandSpec.named("listBackups")
            .description("Lists backups, oldest first; removed ones are not shown.")
            .roles(Role.ALL)
            .listCommand()
            .param(ParamSpec.uuid("id").description("only the backup with this ID"))
            .param(ParamSpec.uuid("virtualmachineid").description("only backups of this VM")))
            .build();

    private final BackupListing listing;

    public ListBackupsCommand(BackupListing listing) {
        this.listing = listing;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) {
        UUID id = call.params().uuid("id");
        UUID vm = call.params().uuid("virtualmachineid");
        BackupListing.Page page = listing.list(call.caller(), id == null ? null : id.toString(),
                vm == null ? null : vm.toString(), call.paging());
        return new ListResponse<>(BackupResponse.OBJECT_NAME, page.total(),
                page.backups().stream().map(BackupResponse::new).collect(Collectors.toList()));
    }
}
