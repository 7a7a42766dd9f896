package io.kboss.server.backup.api;

import org.springframework.stereotype.Component;
import io.kboss.server.backup.RestoreVolume;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.AsyncCommand;
import io.kboss.server.api.AsyncStart;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;

/**
 * restoreVolumeFromBackupAndAttachToVM: restores one volume of a backup into a new volume beside
 * the VM's disks and attaches it to the VM. Answers as CloudStack does, with a SuccessResponse.
 */
@Component
public class RestoreVolumeFromBackupAndAttachToVMCommand implements AsyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("restoreVolumeFromBackupAndAttachToVM")
            .description("Restores one volume of a backup into a new volume beside the VM's disks and attaches "
                    + "it to the VM at the next free virtio device: live and persistent when the VM runs, "
                    + "persistent when it is stopped. listVolumes then shows it as a DATADISK of the VM.")
            .roles(Role.ALL)
            .param(ParamSpec.uuid("backupid").required().description("ID of the backup"))
            .param(ParamSpec.uuid("volumeid").required().description("ID of the backed-up volume to restore"))
            .param(ParamSpec.uuid("virtualmachineid").required().description("ID of the VM to attach it to"))
            .param(ParamSpec.bool("quickrestore").description("CloudStack's quick restore of the volume (the offering "
                    + "must allow quick restore): a running VM gets the new disk at once, reading through the backup, "
                    + "and the job ends when its data is pulled in and it no longer needs the backup store; a stopped "
                    + "VM gets the volume restored in full, then attached, and the answer says so"))
            .param(ParamSpec.uuid("hostid").description("with quickrestore, the host to run on (root "
                    + "administrators only; for a volume restore it must be the VM's host); ignored without it, as in "
                    + "CloudStack"))
            .responseField("success", "boolean", "true when the volume was restored and attached")
            .responseField("displaytext", "string", "the new volume's id, path and device in the VM, and with "
                    + "quickrestore which path was taken")
            .build();

    private final BackupCommandSupport support;

    public RestoreVolumeFromBackupAndAttachToVMCommand(BackupCommandSupport support) {
        this.support = support;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public AsyncStart start(ApiCall call) throws ApiException {
        String backup = call.params().uuid("backupid").toString();
        java.util.UUID host = call.params().uuid("hostid");
        if (host != null && !call.caller().isRootAdmin()) {
            throw ApiException.permissionDenied("Only root administrators may choose the host of a restore (hostid); "
                    + "leave it out");
        }
        RestoreVolume request = new RestoreVolume(backup, call.params().uuid("volumeid").toString(),
                call.params().uuid("virtualmachineid").toString(), call.params().bool("quickrestore", false),
                host == null ? null : host.toString());
        return support.inTransaction(() -> support.providerOfBackup(backup).restoreVolume(call.caller(), request));
    }
}
