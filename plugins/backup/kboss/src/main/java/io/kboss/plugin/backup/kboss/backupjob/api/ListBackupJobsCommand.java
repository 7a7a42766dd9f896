package io.kboss.plugin.backup.kboss.backupjob.api;

import io.kboss.plugin.backup.kboss.backupjob.BackupJobRepository;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobService;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobViews;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListAll;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** listBackupJobs: the jobs the caller may see, each with its last run's four sets. */
public class ListBackupJobsCommand extends BackupJobCommand {
    private static final CommandSpec SPEC = JobParams.fields(CommandSpec.named("listBackupJobs")
            .description("Lists backup jobs: users their account's; administrators their own account's, or with "
                    + "listall=true their domains' (root admins: all).")
            .roles(Role.ALL)
            .listCommand()
            .param(ParamSpec.uuid("id").description("only the backup job with this ID"))
            .param(ListAll.param("backup jobs")))
            .build();

    public ListBackupJobsCommand(BackupJobService service, BackupJobViews views) {
        super(SPEC, service, views);
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        UUID id = call.params().uuid("id");
        List<BackupJobRepository.Job> all = service.list(call.caller(), id == null ? null : id.toString());
        String kw = call.paging().keyword();
        Long own = ListAll.ownAccountOnly(call.caller(), call.params(), id != null);
        List<BackupJobRepository.Job> matching = all.stream().filter(j -> own == null || j.accountId() == own)
                .filter(j -> kw == null || j.name().toLowerCase().contains(kw.toLowerCase()))
                .collect(Collectors.toList());
        int from = (int) Math.min(matching.size(), call.paging().offset());
        int to = (int) Math.min(matching.size(), from + (long) call.paging().pageSize());
        return new ListResponse<>(BackupJobViews.JobResponse.OBJECT_NAME, matching.size(), matching.subList(from, to)
                .stream().map(views::job).collect(Collectors.toList()));
    }
}
