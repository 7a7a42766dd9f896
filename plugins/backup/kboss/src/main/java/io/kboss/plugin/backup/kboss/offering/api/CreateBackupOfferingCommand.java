package io.kboss.plugin.backup.kboss.offering.api;

import static io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter.DOMAIN_ID;
import static io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter.IS_PUBLIC;
import static io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter.ZONE_ID;

import io.kboss.plugin.backup.kboss.offering.BackupOfferingService;
import io.kboss.plugin.backup.kboss.domain.offering.OfferingParameters;
import io.kboss.server.event.EventTypes;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import java.util.UUID;

/** createBackupOffering: the kboss way to make an offering (kboss does not use importBackupOffering). */
public class CreateBackupOfferingCommand extends OfferingChangeCommand {
    private static final CommandSpec SPEC = BackupOfferingResponse.describeFields(OfferingCommandParams.options(
            CommandSpec.named("createBackupOffering")
                    .description("Creates a kboss backup offering in a zone whose backup provider is kboss.")
                    .roles(Role.ROOT_ONLY)
                    .param(OfferingCommandParams.name().required())
                    .param(OfferingCommandParams.description().required())
                    .param(ParamSpec.uuid(ZONE_ID).required().description("the ID of the zone the offering is for"))
                    .param(OfferingCommandParams.allowUserDrivenBackups().required())
                    .param(ParamSpec.bool(IS_PUBLIC).description("whether the offering is offered to every domain; "
                            + "false requires domainid. Optional: without it, an offering without domainid is public"))
                    .param(ParamSpec.uuid(DOMAIN_ID).description("the ID of the domain the offering is dedicated to "
                            + "(and its subdomains); leave out for a public offering"))))
            .build();

    public CreateBackupOfferingCommand(BackupOfferingService offerings, OfferingEvents events) {
        super(SPEC, offerings, events);
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        UUID zone = call.params().uuid(ZONE_ID);
        UUID domain = call.params().uuid(DOMAIN_ID);
        OfferingParameters p = OfferingCommandParams.common(call.params())
                .zoneUuid(zone == null ? null : zone.toString())
                .isPublic(call.params().bool(IS_PUBLIC))
                .domainUuid(domain == null ? null : domain.toString());
        return new ObjectResponse(BackupOfferingResponse.OBJECT_NAME,
                new BackupOfferingResponse(change(call.caller(), EventTypes.BACKUP_OFFERING_CREATE,
                        () -> offerings.create(p),
                        v -> new String[]{"Backup offering " + v.offering().name() + " created in zone "
                                + v.zoneName(), v.offering().uuid()})));
    }
}
