package io.kboss.server.inventory;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.Paging;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** {@code listImageStores}. */
@Component
public class ListImageStoresCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("listImageStores")
            .description("Lists image stores (secondary storage)")
            .roles(Role.ROOT_ONLY)
            .param(ParamSpec.uuid("id").description("the ID of the image store"))
            .param(ParamSpec.string("name").maxLength(255).description("the name of the image store"))
            .param(ParamSpec.uuid("zoneid").description("the Zone ID for the image store"))
            .listCommand()
            .responseObject("imagestore")
            .responseField("id", "string", "the ID of the image store")
            .responseField("url", "string", "the url of the image store")
            .responseField("name", "string", "the name of the image store")
            .responseField("zoneid", "string", "the Zone ID of the image store")
            .responseField("zonename", "string", "the Zone name of the image store")
            .responseField("state", "string", "the state of the image store")
            .responseField("readonly", "boolean", "no new backup is written to it (updateImageStore); restores and "
                    + "deletes of its backups go on")
            .responseField("backupsonly", "boolean", "dedicated to backups: when a zone has such stores, new backups "
                    + "go only to them")
            .responseField("disksizetotal", "long", "the store's size in bytes, as an agent last measured it; absent "
                    + "before the first measurement")
            .responseField("disksizeused", "long", "bytes in use on the store's file system (all files), as last "
                    + "measured")
            .responseField("usedbybackups", "long", "bytes KBOSS's backups occupy on the store")
            .responseField("capacitychecked", "date", "when an agent last measured the store")
            .responseField("capacitystale", "boolean", "true when the figures are not current: the store was never "
                    + "measured, or the last attempt failed (capacityerror says why); placement still uses them")
            .responseField("capacityerror", "string", "why the last attempt to measure the store failed: no Up host "
                    + "in its zone, or the agent's error; absent once a measurement succeeds")
            .responseField("capacityfailed", "date", "when that attempt failed")
            .build();

    private final InventoryRepository inventory;
    private final Zones zones;

    public ListImageStoresCommand(InventoryRepository inventory, Zones zones) {
        this.inventory = inventory;
        this.zones = zones;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        Paging paging = call.paging();
        Long zoneId = call.params().has("zoneid") ? zones.zone("zoneid", call.params().uuid("zoneid")).id() : null;
        String id = call.params().has("id") ? call.params().uuid("id").toString() : null;
        String like = call.params().has("name")
                ? call.params().string("name").toLowerCase(Locale.ROOT)
                : paging.likePattern();
        List<InventoryResponses.ImageStoreResponse> out = new ArrayList<>();
        inventory.listImageStores(zoneId, id, like, paging.offset(), paging.pageSize())
                .forEach(s -> out.add(InventoryResponses.ImageStoreResponse.of(s)));
        return new ListResponse<>("imagestore", inventory.countImageStores(zoneId, id, like), out);
    }
}
