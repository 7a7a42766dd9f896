package io.kboss.server.backup.api;

import org.springframework.stereotype.Component;
import io.kboss.server.backup.schedule.BackupScheduleService;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SuccessResponse;
import io.kboss.server.api.SyncCommand;
import java.util.UUID;

/** deleteBackupSchedule: stops a schedule (or all of a VM's); the backups it took are kept. */
@Component
public class DeleteBackupScheduleCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("deleteBackupSchedule")
            .description("Deletes a backup schedule, or every schedule of a VM; backups already taken are kept.")
            .roles(Role.ALL)
            .param(ParamSpec.uuid("id").description("ID of the backup schedule"))
            .param(ParamSpec.uuid("virtualmachineid").description("delete every schedule of this VM"))
            .responseField("success", "boolean", "true when the schedules were deleted")
            .responseField("displaytext", "string", "how many schedules were deleted")
            .build();

    private final BackupScheduleService schedules;

    public DeleteBackupScheduleCommand(BackupScheduleService schedules) {
        this.schedules = schedules;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        UUID id = call.params().uuid("id");
        UUID vm = call.params().uuid("virtualmachineid");
        int n = schedules.delete(call.caller(), id == null ? null : id.toString(), vm == null ? null : vm.toString());
        return new SuccessResponse(true, "deleted " + n + " backup schedule" + (n == 1 ? "" : "s"));
    }
}
