package io.kboss.cloudstack.api;

import com.cloud.event.EventTypes;
import io.kboss.cloudstack.KbossOperations;
import javax.inject.Inject;
import org.apache.cloudstack.acl.RoleType;
import org.apache.cloudstack.api.APICommand;
import org.apache.cloudstack.api.ApiConstants;
import org.apache.cloudstack.api.BaseAsyncCmd;
import org.apache.cloudstack.api.Parameter;
import org.apache.cloudstack.api.response.BackupResponse;
import org.apache.cloudstack.api.response.HostResponse;
import org.apache.cloudstack.api.response.SuccessResponse;
import org.apache.cloudstack.backup.Backup;
import org.apache.cloudstack.context.CallContext;

/**
 * restoreKbossBackup: restoreBackup with kboss's options, which CloudStack 4.22's restoreBackup
 * does not take: {@code quickrestore} and the host to restore on.
 */
@APICommand(name = "restoreKbossBackup", description = "Restores a stopped VM from a kboss backup; with quickrestore "
        + "the VM is started at once on its backup and its disks are consolidated while it runs (the backup's "
        + "offering must allow quick restore).", responseObject = SuccessResponse.class, since = "4.22.0", requestHasSensitiveInfo = false, responseHasSensitiveInfo = false, authorized = {
                RoleType.Admin, RoleType.ResourceAdmin, RoleType.DomainAdmin, RoleType.User})
public class RestoreKbossBackupCmd extends BaseAsyncCmd {
    @Inject
    private KbossOperations operations;

    @Parameter(name = ApiConstants.ID, type = CommandType.UUID, entityType = BackupResponse.class, required = true, description = "ID of the backup")
    private Long backupId;

    @Parameter(name = "quickrestore", type = CommandType.BOOLEAN, description = "start the VM at once and "
            + "consolidate its disks in the background (default false)")
    private Boolean quickRestore;

    @Parameter(name = ApiConstants.HOST_ID, type = CommandType.UUID, entityType = HostResponse.class, description = "the host to restore on; root administrators only", authorized = {
            RoleType.Admin})
    private Long hostId;

    @Override
    public void execute() {
        SuccessResponse done = new SuccessResponse(getCommandName());
        done.setDisplayText(operations.restoreBackup(CallContext.current().getCallingAccount(), backupId,
                Boolean.TRUE.equals(quickRestore), hostId));
        setResponseObject(done);
    }

    @Override
    public long getEntityOwnerId() {
        return Owners.ofBackup(_entityMgr.findById(Backup.class, backupId));
    }

    @Override
    public String getEventType() {
        return EventTypes.EVENT_VM_BACKUP_RESTORE;
    }

    @Override
    public String getEventDescription() {
        return (Boolean.TRUE.equals(quickRestore) ? "Quick-restoring" : "Restoring") + " a VM from kboss backup "
                + backupId;
    }
}
