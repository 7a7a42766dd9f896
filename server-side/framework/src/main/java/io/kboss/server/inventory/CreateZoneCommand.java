package io.kboss.server.inventory;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/** {@code createZone}. */
@Component
public class CreateZoneCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("createZone")
            .description("Creates a zone")
            .roles(Role.ROOT_ONLY)
            .param(ParamSpec.string("name").required().maxLength(255).description("the name of the zone"))
            .param(ParamSpec.string("description").maxLength(1024).description("a description of the zone"))
            .responseObject("zone")
            .responseField("id", "string", "Zone id")
            .responseField("name", "string", "Zone name")
            .build();

    private final InventoryRepository inventory;

    public CreateZoneCommand(InventoryRepository inventory) {
        this.inventory = inventory;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        String name = call.params().string("name").trim();
        try {
            return new ObjectResponse("zone", InventoryResponses.ZoneResponse.of(
                    inventory.insertZone(name, call.params().string("description"))));
        } catch (DuplicateKeyException e) {
            throw ApiException.invalidParameter("A zone named " + name + " already exists; choose another name");
        }
    }
}
