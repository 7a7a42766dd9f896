package io.kboss.server.inventory;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SuccessResponse;
import io.kboss.server.api.SyncCommand;
import org.springframework.stereotype.Component;

/**
 * {@code deleteImageStore}: forgets the store; the files on it are left untouched. Refused while backups
 * that still have files (any status but Expunged) are on it, with their count by status: delete them
 * first, or keep the store read-only (updateImageStore readonly=true) until they expire.
 */
@Component
public class DeleteImageStoreCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("deleteImageStore")
            .description("Deletes an image store that holds no backups; files on it are left in place")
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
        if (inventory.removeImageStoreIfEmpty(store.id())) {
            return SuccessResponse.ok();
        }
        java.util.Map<String, Long> left = inventory.backupsOnStore(store.id());
        if (left.isEmpty()) {
            throw ApiException.invalidParameter("Unable to find image store by id " + id + "; it was just deleted");
        }
        long total = left.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder counts = new StringBuilder();
        left.forEach((status, n) -> counts.append(counts.length() == 0 ? "" : ", ").append(n).append(' ')
                .append(status));
        throw ApiException.inUse("Image store " + store.name() + " is not deletable: it still holds " + total
                + (total == 1 ? " backup (" : " backups (") + counts + "). Delete them with deleteBackup (listBackups "
                + "imagestoreid=" + id + " lists them), or keep the store with updateImageStore readonly=true so no "
                + "new backup goes there while they expire");
    }
}
