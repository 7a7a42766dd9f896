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
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code deleteZone}: refused while hosts, backup offerings, VMs, image stores or clusters remain
 * in the zone, with a sentence naming what is still there.
 */
@Component
public class DeleteZoneCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("deleteZone")
            .description("Deletes a zone that has no hosts, backup offerings, VMs, image stores or clusters left")
            .roles(Role.ROOT_ONLY)
            .param(ParamSpec.uuid("id").required().description("the ID of the Zone"))
            .responseField("success", "boolean", "true if the zone was deleted")
            .build();

    private final InventoryRepository inventory;
    private final Zones zones;
    private final TransactionTemplate tx;

    public DeleteZoneCommand(InventoryRepository inventory, Zones zones, TransactionTemplate tx) {
        this.inventory = inventory;
        this.zones = zones;
        this.tx = tx;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        Zone z = zones.zone("id", call.params().uuid("id"));
        if (Boolean.TRUE.equals(tx.execute(st -> inventory.removeZoneIfEmpty(z.id())))) {
            return SuccessResponse.ok();
        }
        InventoryRepository.ZoneContents left = inventory.contents(z.id());
        if (left.isEmpty()) {
            // Removed by another call between the lookup and the removal.
            throw ApiException.invalidParameter("Unable to find zone by id " + z.uuid() + "; it was just deleted");
        }
        throw ApiException.inUse("Zone " + z.name() + " is not deletable: it still has " + left.describe()
                + ". Delete them first: deleteHost, deleteBackupOffering, deleteImageStore; VMs go with their host "
                + "once removed from their backup offering");
    }
}
