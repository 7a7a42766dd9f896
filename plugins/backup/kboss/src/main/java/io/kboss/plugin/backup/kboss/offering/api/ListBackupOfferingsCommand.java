package io.kboss.plugin.backup.kboss.offering.api;

import io.kboss.plugin.backup.kboss.FixedSpecCommand;
import static io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter.ID;
import static io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter.NAME;
import static io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter.ZONE_ID;

import io.kboss.plugin.backup.kboss.offering.BackupOfferingService;
import io.kboss.plugin.backup.kboss.offering.jdbc.OfferingPage;
import io.kboss.plugin.backup.kboss.offering.jdbc.OfferingQuery;
import io.kboss.plugin.backup.kboss.offering.jdbc.OfferingVisibility;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.Caller;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.Paging;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.SyncCommand;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * listBackupOfferings: every caller sees public offerings and those dedicated to their domain or a
 * parent of it; domain admins also those of their subdomains; root admins all.
 */
public class ListBackupOfferingsCommand extends FixedSpecCommand implements SyncCommand {
    private static final CommandSpec SPEC = BackupOfferingResponse.describeFields(
            CommandSpec.named("listBackupOfferings")
                    .description("Lists the backup offerings the caller may use.")
                    .listCommand()
                    .param(ParamSpec.uuid(ID).description("only the backup offering with this ID"))
                    .param(ParamSpec.uuid(ZONE_ID).description("only offerings of the zone with this ID"))
                    .param(ParamSpec.string(NAME).maxLength(255).description("only offerings with exactly this name")))
            .build();

    private final BackupOfferingService offerings;

    public ListBackupOfferingsCommand(BackupOfferingService offerings) {
        super(SPEC);
        this.offerings = offerings;
    }

    @Override
    public Object execute(ApiCall call) {
        Paging paging = call.paging();
        UUID id = call.params().uuid(ID);
        UUID zone = call.params().uuid(ZONE_ID);
        OfferingPage page = offerings.list(new OfferingQuery(
                id == null ? null : id.toString(),
                zone == null ? null : zone.toString(),
                call.params().string(NAME),
                paging.likePattern(),
                visibility(call.caller()),
                paging.offset(),
                paging.pageSize()));
        return new ListResponse<>(BackupOfferingResponse.OBJECT_NAME, page.total(),
                page.offerings().stream().map(BackupOfferingResponse::new).collect(Collectors.toList()));
    }

    private static OfferingVisibility visibility(Caller caller) {
        switch (caller.role()) {
            case ROOT_ADMIN :
                return OfferingVisibility.all();
            case DOMAIN_ADMIN :
                return OfferingVisibility.domainAdmin(caller.domainPath());
            default :
                return OfferingVisibility.domainMember(caller.domainPath());
        }
    }
}
