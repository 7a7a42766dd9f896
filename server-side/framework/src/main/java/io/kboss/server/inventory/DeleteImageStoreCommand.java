package io.kboss.server.inventory;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SuccessResponse;
import io.kboss.server.api.SyncCommand;
import org.springframework.stereotype.Component;

/** {@code deleteImageStore}: forgets the store; the files on it are left untouched. */
@Component
public class DeleteImageStoreCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("deleteImageStore")
            .description("Deletes an image store; files on it are left in place")
            .roles(Role.ROOT_ONLY)
            .param(ParamSpec.uuid("id").required().description("the image store ID"))
            .responseField("success", "boolean", "true if the image store was deleted")
            .build();

    private final InventoryRepository inventory;

    public DeleteImageStoreCommand(InventoryRepository inventory) {
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
        inventory.removeImageStore(store.id());
        return SuccessResponse.ok();
    }
}
