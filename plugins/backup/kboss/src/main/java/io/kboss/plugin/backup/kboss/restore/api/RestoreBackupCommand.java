package io.kboss.plugin.backup.kboss.restore.api;

import io.kboss.agent.contract.RestoreResult;
import io.kboss.plugin.backup.kboss.restore.BackupRestorer;
import io.kboss.plugin.backup.kboss.restore.ReplacedVolumesReport;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.AsyncCommand;
import io.kboss.server.api.AsyncStart;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SuccessResponse;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/** restoreBackup: restores a VM's disks to a backup's point in time; refusals answer at once, with no job. */
public class RestoreBackupCommand implements AsyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("restoreBackup")
            .description("Restores the VM's disks from a backup (the VM must be stopped). With quickrestore the VM "
                    + "is started at once on overlays over the backup and its disks are consolidated in the "
                    + "background. Ends the VM's backup chains: its next backup is full.")
            .roles(Role.ALL)
            .param(ParamSpec.uuid("id").required().description("ID of the backup"))
            .param(ParamSpec.bool("quickrestore").description("start the VM at once and consolidate in the "
                    + "background; only when the backup's offering allows quick restore"))
            .param(ParamSpec.uuid("hostid").description("the host to restore on; root administrators only"))
            .responseField("success", "boolean", "true when the restore finished")
            .responseField("displaytext", "string", "what was restored")
            .build();

    private final BackupRestorer restorer;

    public RestoreBackupCommand(BackupRestorer restorer) {
        this.restorer = restorer;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public AsyncStart start(ApiCall call) throws ApiException {
        UUID host = call.params().uuid("hostid");
        BackupRestorer.Restore r = restorer.request(call.caller(), call.params().uuid("id").toString(),
                call.params().bool("quickrestore", false), host == null ? null : host.toString());
        return new AsyncStart(r.backup().uuid(), "Backup", progress -> {
            AtomicReference<RestoreResult> agentResult = new AtomicReference<>();
            String failure = restorer.run(r, progress, agentResult::set);
            if (failure != null) {
                throw ApiException.internal(failure, null);
            }
            return new SuccessResponse(true, "VM " + r.vm().name() + " restored from backup " + r.backup().uuid()
                    + (r.quick()
                            ? " with quick restore: it runs on consolidated disks"
                                    + ReplacedVolumesReport.describe(r.vm().name(), agentResult.get())
                            : ""));
        });
    }
}
