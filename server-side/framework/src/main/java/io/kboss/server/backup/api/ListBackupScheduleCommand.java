package io.kboss.server.backup.api;

import org.springframework.stereotype.Component;
import io.kboss.server.backup.schedule.BackupScheduleService;
import io.kboss.server.backup.schedule.ScheduleRecord;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** listBackupSchedule: a caller sees the schedules of the VMs it may act on. */
@Component
public class ListBackupScheduleCommand implements SyncCommand {
    private static final CommandSpec SPEC = BackupScheduleResponse
            .describeFields(CommandSpec.named("listBackupSchedule")
                    .description("Lists backup schedules, of one VM or all the caller may see.")
                    .roles(Role.ALL)
                    .listCommand()
                    .param(ParamSpec.uuid("id").description("only the schedule with this ID"))
                    .param(ParamSpec.uuid("virtualmachineid").description("only schedules of this VM")))
            .build();

    private final BackupScheduleService schedules;

    public ListBackupScheduleCommand(BackupScheduleService schedules) {
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
        List<ScheduleRecord> found = schedules.list(call.caller(), id == null ? null : id.toString(),
                vm == null ? null : vm.toString());
        // keyword matches the VM's name or the interval type; a VM has a handful of schedules, so paging is in Java.
        String keyword = call.paging().keyword();
        List<ScheduleRecord> matching = keyword == null || keyword.isBlank()
                ? found
                : found.stream()
                        .filter(s -> contains(s.vmName(), keyword) || contains(s.intervalType(), keyword)).toList();
        return new ListResponse<>(BackupScheduleResponse.OBJECT_NAME, matching.size(), matching.stream()
                .skip(call.paging().offset()).limit(call.paging().pageSize()).map(BackupScheduleResponse::new)
                .toList());
    }

    private static boolean contains(String value, String keyword) {
        return value.toLowerCase(Locale.ROOT).contains(keyword.toLowerCase(Locale.ROOT));
    }
}
