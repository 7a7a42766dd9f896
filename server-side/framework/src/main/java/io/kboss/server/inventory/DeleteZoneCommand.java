package io.kboss.server.inventory;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SuccessResponse;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.inventory.InventoryRepository.Zone;
import org.springframework.stereotype.Component;

/** {@code deleteZone}: refused while image stores or clusters remain in the zone. */
@Component
public class DeleteZoneCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("deleteZone")
            .description("Deletes a zone that has no image stores or clusters left")
            .roles(Role.ROOT_ONLY)
            .param(ParamSpec.uuid("id").required().description("the ID of the Zone"))
            .responseField("success", "boolean", "true if the zone was deleted")
            .build();

    private final InventoryRepository inventory;
    private final Zones zones;

    public DeleteZoneCommand(InventoryRepository inventory, Zones zones) {
        this.inventory = inventory;
        this.zones = zones;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        Zone z = zones.zone("id", call.params().uuid("id"));
        long dependents = inventory.countLiveDependents(z.id());
        if (dependents > 0) {
            throw ApiException.inUse("Zone " + z.name() + " still has " + dependents
                    + " image store(s) or cluster(s); delete them first");
        }
        inventory.removeZone(z.id());
        return SuccessResponse.ok();
    }
}
