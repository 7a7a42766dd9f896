package io.kboss.server.backup.api;

import org.springframework.stereotype.Component;
import io.kboss.server.backup.schedule.BackupScheduleService;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;

/** updateBackupSchedule: changes what is given and keeps the rest; the next firing is computed again. */
@Component
public class UpdateBackupScheduleCommand implements SyncCommand {
    private static final CommandSpec SPEC = BackupScheduleResponse.describeFields(ScheduleParams.describe(
            CommandSpec.named("updateBackupSchedule")
                    .description("Updates a backup schedule; parameters not given keep their values.")
                    .roles(Role.ALL)
                    .param(ParamSpec.uuid("id").required().description("ID of the backup schedule")),
            false))
            .build();

    private final BackupScheduleService schedules;

    public UpdateBackupScheduleCommand(BackupScheduleService schedules) {
        this.schedules = schedules;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        return new ObjectResponse(BackupScheduleResponse.OBJECT_NAME, new BackupScheduleResponse(schedules.update(
                call.caller(), call.params().uuid("id").toString(), ScheduleParams.request(call.params()))));
    }
}
