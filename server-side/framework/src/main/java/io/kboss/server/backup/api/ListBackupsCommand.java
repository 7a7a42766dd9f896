package io.kboss.server.backup.api;

import io.kboss.server.backup.BackupResponse;
import org.springframework.stereotype.Component;
import io.kboss.server.api.ApiException;
import io.kboss.server.backup.BackupPage;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import java.util.UUID;
import java.util.stream.Collectors;

/** listBackups: users see their own account's backups, domain admins their domain's, root admins all. */
@Component
public class ListBackupsCommand implements SyncCommand {
    private static final CommandSpec SPEC = BackupResponse.describeFields(CommandSpec.named("listBackups")
            .description("Lists backups, oldest first; removed ones are not shown.")
            .roles(Role.ALL)
            .listCommand()
            .param(ParamSpec.uuid("id").description("only the backup with this ID"))
            .param(ParamSpec.uuid("virtualmachineid").description("only backups of this VM")))
            .build();

    private final BackupCommandSupport support;

    public ListBackupsCommand(BackupCommandSupport support) {
        this.support = support;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        UUID id = call.params().uuid("id");
        UUID vm = call.params().uuid("virtualmachineid");
        BackupPage page = support.list(call.caller(), id == null ? null : id.toString(),
                vm == null ? null : vm.toString(), call.paging());
        return new ListResponse<>(BackupResponse.OBJECT_NAME, page.total(),
                page.backups().stream().map(BackupResponse::new).collect(Collectors.toList()));
    }
}
