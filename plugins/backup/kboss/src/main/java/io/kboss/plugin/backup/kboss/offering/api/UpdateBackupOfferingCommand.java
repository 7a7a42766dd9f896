package io.kboss.plugin.backup.kboss.offering.api;

import static io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter.ID;

import io.kboss.plugin.backup.kboss.offering.BackupOfferingService;
import io.kboss.plugin.backup.kboss.domain.offering.OfferingParameters;
import io.kboss.server.event.EventTypes;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;

/**
 * updateBackupOffering: changes what is given and keeps the rest; the resulting offering must pass
 * the same rules as a new one. Zone and domain are fixed once the offering exists.
 */
public class UpdateBackupOfferingCommand extends OfferingChangeCommand {
    private static final CommandSpec SPEC = BackupOfferingResponse.describeFields(OfferingCommandParams.options(
            CommandSpec.named("updateBackupOffering")
                    .description(
                            "Updates a backup offering: name, description, allowuserdrivenbackups and the kboss options.")
                    .roles(Role.ROOT_ONLY)
                    .param(ParamSpec.uuid(ID).required().description("the ID of the backup offering"))
                    .param(OfferingCommandParams.name())
                    .param(OfferingCommandParams.description())
                    .param(OfferingCommandParams.allowUserDrivenBackups())))
            .build();

    public UpdateBackupOfferingCommand(BackupOfferingService offerings, OfferingEvents events) {
        super(SPEC, offerings, events);
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        String id = call.params().uuid(ID).toString();
        OfferingParameters p = OfferingCommandParams.common(call.params());
        return new ObjectResponse(BackupOfferingResponse.OBJECT_NAME,
                new BackupOfferingResponse(change(call.caller(), EventTypes.BACKUP_OFFERING_EDIT,
                        () -> offerings.update(id, p),
                        v -> new String[]{"Backup offering " + v.offering().name() + " updated",
                                v.offering().uuid()})));
    }
}
