package io.kboss.cloudstack.api;

import com.cloud.vm.VirtualMachine;
import io.kboss.cloudstack.KbossOperations;
import javax.inject.Inject;
import org.apache.cloudstack.acl.RoleType;
import org.apache.cloudstack.api.APICommand;
import org.apache.cloudstack.api.ApiConstants;
import org.apache.cloudstack.api.BaseCmd;
import org.apache.cloudstack.api.Parameter;
import org.apache.cloudstack.api.response.SuccessResponse;
import org.apache.cloudstack.api.response.UserVmResponse;
import org.apache.cloudstack.context.CallContext;

/** finishBackupChain: ends the VM's kboss backup chains now, so its next backup is full. */
@APICommand(name = "finishBackupChain", description = "Ends the VM's kboss backup chains now, so its next backup "
        + "is full; a VM left in BackupError by a failed backup is normalized.", responseObject = SuccessResponse.class, since = "4.22.0", requestHasSensitiveInfo = false, responseHasSensitiveInfo = false, authorized = {
                RoleType.Admin, RoleType.ResourceAdmin, RoleType.DomainAdmin, RoleType.User})
public class FinishBackupChainCmd extends BaseCmd {
    @Inject
    private KbossOperations operations;

    @Parameter(name = ApiConstants.VIRTUAL_MACHINE_ID, type = CommandType.UUID, entityType = UserVmResponse.class, required = true, description = "ID of the VM, which has a kboss backup offering")
    private Long vmId;

    @Override
    public void execute() {
        SuccessResponse done = new SuccessResponse(getCommandName());
        done.setDisplayText(operations.finishBackupChain(CallContext.current().getCallingAccount(), vmId));
        setResponseObject(done);
    }

    @Override
    public long getEntityOwnerId() {
        return Owners.ofVm(_entityMgr.findById(VirtualMachine.class, vmId));
    }
}
