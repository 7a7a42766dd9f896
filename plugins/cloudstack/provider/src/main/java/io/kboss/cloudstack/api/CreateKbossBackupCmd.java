package io.kboss.cloudstack.api;

import com.cloud.event.EventTypes;
import com.cloud.vm.VirtualMachine;
import io.kboss.cloudstack.KbossOperations;
import javax.inject.Inject;
import org.apache.cloudstack.acl.RoleType;
import org.apache.cloudstack.api.APICommand;
import org.apache.cloudstack.api.ApiCommandResourceType;
import org.apache.cloudstack.api.ApiConstants;
import org.apache.cloudstack.api.BaseAsyncCmd;
import org.apache.cloudstack.api.Parameter;
import org.apache.cloudstack.api.response.BackupResponse;
import org.apache.cloudstack.api.response.UserVmResponse;
import org.apache.cloudstack.backup.BackupManager;
import org.apache.cloudstack.context.CallContext;

/**
 * createKbossBackup: createBackup with kboss's options, which CloudStack 4.22's createBackup does
 * not take for this provider: {@code isolated} (a full backup outside the VM's chains) and
 * {@code quiescevm} (it accepts that for its NAS provider only).
 */
@APICommand(name = "createKbossBackup", description = "Takes a kboss backup of a VM with kboss's options: isolated "
        + "(a full backup outside the VM's chains, never a parent) and quiescevm (file systems frozen through the "
        + "guest agent while the backup starts).", responseObject = BackupResponse.class, since = "4.22.0", requestHasSensitiveInfo = false, responseHasSensitiveInfo = false, authorized = {
                RoleType.Admin, RoleType.ResourceAdmin, RoleType.DomainAdmin, RoleType.User})
public class CreateKbossBackupCmd extends BaseAsyncCmd {
    @Inject
    private KbossOperations operations;
    @Inject
    private BackupManager backupManager;

    @Parameter(name = ApiConstants.VIRTUAL_MACHINE_ID, type = CommandType.UUID, entityType = UserVmResponse.class, required = true, description = "ID of the VM, which has a kboss backup offering")
    private Long vmId;

    @Parameter(name = ApiConstants.QUIESCE_VM, type = CommandType.BOOLEAN, description = "freeze the guest's file "
            + "systems through its guest agent while the backup starts; the backup fails when the agent does not "
            + "answer (default false)")
    private Boolean quiesceVm;

    @Parameter(name = "isolated", type = CommandType.BOOLEAN, description = "a full backup outside the VM's chains, "
            + "which no later backup builds on (default false)")
    private Boolean isolated;

    @Override
    public void execute() {
        BackupResponse response = backupManager.createBackupResponse(operations.createBackup(
                CallContext.current().getCallingAccount(), vmId, Boolean.TRUE.equals(quiesceVm),
                Boolean.TRUE.equals(isolated)), false);
        response.setResponseName(getCommandName());
        setResponseObject(response);
    }

    @Override
    public long getEntityOwnerId() {
        return Owners.ofVm(_entityMgr.findById(VirtualMachine.class, vmId));
    }

    @Override
    public String getEventType() {
        return EventTypes.EVENT_VM_BACKUP_CREATE;
    }

    @Override
    public String getEventDescription() {
        return "Creating a kboss backup of VM " + vmId + (Boolean.TRUE.equals(isolated) ? " (isolated)" : "");
    }

    @Override
    public ApiCommandResourceType getApiResourceType() {
        return ApiCommandResourceType.VirtualMachine;
    }

    @Override
    public Long getApiResourceId() {
        return vmId;
    }
}
