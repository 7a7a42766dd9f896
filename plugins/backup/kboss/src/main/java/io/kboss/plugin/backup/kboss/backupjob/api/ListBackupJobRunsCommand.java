package io.kboss.plugin.backup.kboss.backupjob.api;

import io.kboss.plugin.backup.kboss.backupjob.BackupJobRepository;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobService;
import io.kboss.plugin.backup.kboss.backupjob.BackupJobViews;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import java.util.List;
import java.util.stream.Collectors;

/** listBackupJobRuns: a job's runs, newest first, each as a whole and per VM through the four sets. */
public class ListBackupJobRunsCommand extends BackupJobCommand {
    private static final CommandSpec SPEC = RunAnswers.startedRunFields(CommandSpec.named("listBackupJobRuns")
            .description("Lists the runs of a backup job, newest first: state, times and the VMs in the sets "
                    + "outdated (not backed up in this run), ongoing, updated and error.")
            .roles(Role.ALL)
            .listCommand()
            .param(ParamSpec.uuid("backupjobid").required().description("ID of the backup job"))
            .responseObject(BackupJobViews.RunResponse.OBJECT_NAME))
            .responseField("outdated", "list", "VMs not backed up in this run (id, name)")
            .responseField("ongoing", "list", "VMs whose backup is queued or running (id, name, backupid)")
            .responseField("updated", "list", "VMs backed up in this run (id, name, backupid)")
            .responseField("error", "list", "VMs whose backup failed (id, name, backupid, error)")
            .build();

    private final BackupJobRepository jobs;

    public ListBackupJobRunsCommand(BackupJobService service, BackupJobRepository jobs, BackupJobViews views) {
        super(SPEC, service, views);
        this.jobs = jobs;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        String uuid = call.params().uuid("backupjobid").toString();
        BackupJobRepository.Job j = service.require(call.caller(), jobs.byUuid(uuid), uuid);
        List<BackupJobViews.RunResponse> runs = jobs.runs(j.id(), call.paging().offset(), call.paging().pageSize())
                .stream().map(r -> views.run(j, r)).collect(Collectors.toList());
        return new ListResponse<>(BackupJobViews.RunResponse.OBJECT_NAME, jobs.countRuns(j.id()), runs);
    }
}
