package io.kboss.server.inventory;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.Paging;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.SyncCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** {@code listZones}: every user sees the zones (they choose where their resources live). */
@Component
public class ListZonesCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("listZones")
            .description("Lists zones")
            .param(ParamSpec.uuid("id").description("the ID of the zone"))
            .param(ParamSpec.string("name").maxLength(255).description("the name of the zone"))
            .listCommand()
            .responseObject("zone")
            .responseField("id", "string", "Zone id")
            .responseField("name", "string", "Zone name")
            .build();

    private final InventoryRepository inventory;

    public ListZonesCommand(InventoryRepository inventory) {
        this.inventory = inventory;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) {
        Paging paging = call.paging();
        String id = call.params().has("id") ? call.params().uuid("id").toString() : null;
        String like = call.params().has("name")
                ? call.params().string("name").toLowerCase(Locale.ROOT)
                : paging.likePattern();
        List<InventoryResponses.ZoneResponse> out = new ArrayList<>();
        inventory.listZones(id, like, paging.offset(), paging.pageSize())
                .forEach(z -> out.add(InventoryResponses.ZoneResponse.of(z)));
        return new ListResponse<>("zone", inventory.countZones(id, like), out);
    }
}
