package io.kboss.plugin.backup.kboss.offering.api;

import static io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter.ID;

import io.kboss.plugin.backup.kboss.offering.BackupOfferingService;
import io.kboss.server.event.EventTypes;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SuccessResponse;

/** deleteBackupOffering: removes an offering no VM is assigned to. */
public class DeleteBackupOfferingCommand extends OfferingChangeCommand {
    private static final CommandSpec SPEC = CommandSpec.named("deleteBackupOffering")
            .description("Deletes a backup offering; refused while VMs are assigned to it.")
            .roles(Role.ROOT_ONLY)
            .param(ParamSpec.uuid(ID).required().description("the ID of the backup offering"))
            .responseField("success", "boolean", "true when the offering was deleted")
            .build();

    public DeleteBackupOfferingCommand(BackupOfferingService offerings, OfferingEvents events) {
        super(SPEC, offerings, events);
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        String id = call.params().uuid(ID).toString();
        change(call.caller(), EventTypes.BACKUP_OFFERING_DELETE, () -> {
            offerings.delete(id);
            return id;
        }, x -> new String[]{"Backup offering " + x + " deleted", x});
        return SuccessResponse.ok();
    }
}
