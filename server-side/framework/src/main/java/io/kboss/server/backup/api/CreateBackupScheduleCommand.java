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

/** createBackupSchedule: gives a VM with a backup offering a schedule of backups, each firing once. */
@Component
public class CreateBackupScheduleCommand implements SyncCommand {
    private static final CommandSpec SPEC = BackupScheduleResponse.describeFields(ScheduleParams.describe(
            CommandSpec.named("createBackupSchedule")
                    .description("Creates a backup schedule for a VM assigned to a backup offering; each firing "
                            + "takes one backup on the schedule's own chain, and maxbackups keeps the newest ones.")
                    .roles(Role.ALL)
                    .param(ParamSpec.uuid("virtualmachineid").required().description("ID of the VM")),
            true))
            .build();

    private final BackupScheduleService schedules;

    public CreateBackupScheduleCommand(BackupScheduleService schedules) {
        this.schedules = schedules;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        return new ObjectResponse(BackupScheduleResponse.OBJECT_NAME, new BackupScheduleResponse(schedules.create(
                call.caller(), call.params().uuid("virtualmachineid").toString(),
                ScheduleParams.request(call.params()))));
    }
}
