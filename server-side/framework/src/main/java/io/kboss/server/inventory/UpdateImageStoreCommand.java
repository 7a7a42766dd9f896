package io.kboss.server.inventory;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import org.springframework.stereotype.Component;

/**
 * {@code updateImageStore}: CloudStack's read-only switch ({@code readonly=true}: no new backup is
 * written to the store, while restores, validations and deletes of the backups on it go on, as for a
 * store in maintenance), the name, and whether the store is dedicated to backups.
 */
@Component
public class UpdateImageStoreCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("updateImageStore")
            .description("Updates an image store: read-only (no new backups go there; restores and deletes go on), "
                    + "its name, or its dedication to backups")
            .roles(Role.ROOT_ONLY)
            .param(ParamSpec.uuid("id").required().description("the image store ID"))
            .param(ParamSpec.string("name").maxLength(255).description("the new name of the image store"))
            .param(ParamSpec.bool("readonly").description("true: no new backup is written to the store"))
            .param(ParamSpec.bool("backupsonly").description("dedicated to backups: when a zone has such stores, "
                    + "new backups go only to them"))
            .responseObject("imagestore")
            .responseField("id", "string", "the ID of the image store")
            .responseField("readonly", "boolean", "no new backup is written to it")
            .build();

    private final InventoryRepository inventory;

    public UpdateImageStoreCommand(InventoryRepository inventory) {
        this.inventory = inventory;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        String id = call.params().uuid("id").toString();
        var store = inventory.findImageStore(id).orElseThrow(
                () -> ApiException.invalidParameter("Unable to find image store by id " + id));
        String name = call.params().has("name") ? call.params().string("name").trim() : null;
        if (name != null && name.isEmpty()) {
            throw ApiException.invalidParameter("Parameter name is blank; give the store a name");
        }
        if (name == null && !call.params().has("readonly") && !call.params().has("backupsonly")) {
            throw ApiException.invalidParameter("Nothing to update: give name, readonly or backupsonly");
        }
        inventory.updateImageStore(store.id(), name, call.params().bool("readonly"), call.params().bool("backupsonly"));
        return new ObjectResponse("imagestore", InventoryResponses.ImageStoreResponse.of(
                inventory.findImageStore(id).orElseThrow()));
    }
}
