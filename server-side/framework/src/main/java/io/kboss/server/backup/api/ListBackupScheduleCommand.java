package io.kboss.server.backup.api;

import org.springframework.stereotype.Component;
import io.kboss.server.backup.schedule.BackupScheduleService;
import io.kboss.server.backup.schedule.ScheduleRecord;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListAll;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.backup.JobSchedules;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import java.util.Locale;
import java.util.UUID;

/**
 * listBackupSchedule: a caller sees the schedules of the VMs it may act on and, unless it asks for one VM's or
 * one schedule's, those of the backup jobs it may see (a provider's {@link JobSchedules}), in the same shape
 * with backupjobid and backupjobname instead of the VM.
 */
@Component
public class ListBackupScheduleCommand implements SyncCommand {
    private static final CommandSpec SPEC = BackupScheduleResponse
            .describeFields(CommandSpec.named("listBackupSchedule")
                    .description("Lists backup schedules, of one VM or all the caller may see.")
                    .roles(Role.ALL)
                    .listCommand()
                    .param(ParamSpec.uuid("id").description("only the schedule with this ID"))
                    .param(ParamSpec.uuid("virtualmachineid").description("only schedules of this VM"))
                    .param(ParamSpec.uuid("backupjobid").description("only the schedule of this backup job"))
                    .param(ListAll.param("schedules")))
            .build();

    private final BackupScheduleService schedules;
    private final ObjectProvider<JobSchedules> jobSchedules;

    public ListBackupScheduleCommand(BackupScheduleService schedules, ObjectProvider<JobSchedules> jobSchedules) {
        this.schedules = schedules;
        this.jobSchedules = jobSchedules;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        UUID id = call.params().uuid("id");
        UUID vm = call.params().uuid("virtualmachineid");
        UUID job = call.params().uuid("backupjobid");
        String keyword = call.paging().keyword();
        // An administrator without listall=true sees his own account's schedules (CloudStack's listall rule).
        Long own = ListAll.ownAccountOnly(call.caller(), call.params(), id != null);
        List<BackupScheduleResponse> matching = new ArrayList<>();
        if (job == null) {
            // keyword matches the VM's name or the interval type; a VM has a handful of schedules, so paging is in
            // Java.
            for (ScheduleRecord s : schedules.list(call.caller(), id == null ? null : id.toString(),
                    vm == null ? null : vm.toString())) {
                if ((own == null || s.accountId() == own) && matches(keyword, s.vmName(), s.intervalType())) {
                    matching.add(new BackupScheduleResponse(s));
                }
            }
        }
        JobSchedules jobs = jobSchedules.getIfAvailable();
        if (jobs != null && id == null && vm == null) {
            for (JobSchedules.JobSchedule s : jobs.visibleTo(call.caller(), job == null ? null : job.toString())) {
                if ((own == null || s.accountId() == own) && matches(keyword, s.jobName(), s.intervalType())) {
                    matching.add(new BackupScheduleResponse(s));
                }
            }
        }
        return new ListResponse<>(BackupScheduleResponse.OBJECT_NAME, matching.size(), matching.stream()
                .skip(call.paging().offset()).limit(call.paging().pageSize()).toList());
    }

    private static boolean matches(String keyword, String name, String intervalType) {
        return keyword == null || keyword.isBlank() || contains(name, keyword) || contains(intervalType, keyword);
    }

    private static boolean contains(String value, String keyword) {
        return value.toLowerCase(Locale.ROOT).contains(keyword.toLowerCase(Locale.ROOT));
    }
}
