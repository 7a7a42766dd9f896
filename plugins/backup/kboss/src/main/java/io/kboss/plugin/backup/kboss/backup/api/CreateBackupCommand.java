package io.kboss.plugin.backup.kboss.backup.api;

import io.kboss.plugin.backup.kboss.backup.BackupJob;
import io.kboss.plugin.backup.kboss.backup.BackupListing;
import io.kboss.plugin.backup.kboss.backup.BackupRecord;
import io.kboss.plugin.backup.kboss.backup.BackupRequestService;
import io.kboss.plugin.backup.kboss.backup.BackupView;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.AsyncCommand;
import io.kboss.server.api.AsyncStart;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;

/**
 * createBackup: queues a backup of the VM (refusals answer at once, no job is made), then in the
 * job waits for a slot under the limits, takes it through the VM's agent and answers the backup.
 * A backup that ends Failed or Error fails the job with the reason.
 */
public class CreateBackupCommand implements AsyncCommand {
    private static final CommandSpec SPEC = BackupResponse.describeFields(CommandSpec.named("createBackup")
            .description("Takes a backup of a VM: incremental on the VM's open chain when the chain policy allows, "
                    + "else full. Users only when the VM's offering allows user-driven backups.")
            .roles(Role.ALL)
            .param(ParamSpec.uuid("virtualmachineid").required().description("ID of the VM"))
            .param(ParamSpec.bool("quiescevm").description("freeze the guest's file systems through its guest agent "
                    + "while the backup starts; fails when the guest agent does not answer"))
            .param(ParamSpec.bool("isolated").description("a full backup outside the VM's chains, never a parent")))
            .build();

    private final BackupRequestService requests;
    private final BackupJob job;
    private final BackupListing listing;

    public CreateBackupCommand(BackupRequestService requests, BackupJob job, BackupListing listing) {
        this.requests = requests;
        this.job = job;
        this.listing = listing;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public AsyncStart start(ApiCall call) throws ApiException {
        BackupRecord b = requests.request(call.caller(), call.params().uuid("virtualmachineid").toString(),
                call.params().bool("quiescevm", false), call.params().bool("isolated", false));
        return new AsyncStart(b.uuid(), "Backup", progress -> {
            BackupStatus end = job.run(b.id(), progress);
            BackupView v = listing.byUuid(b.uuid()).orElseThrow();
            if (end != BackupStatus.BACKED_UP) {
                throw ApiException.internal("Backup " + b.uuid() + " ended " + end + ": " + v.error(), null);
            }
            return new ObjectResponse(BackupResponse.OBJECT_NAME, new BackupResponse(v));
        });
    }
}
