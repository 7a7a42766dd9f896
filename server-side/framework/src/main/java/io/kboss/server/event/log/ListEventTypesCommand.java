package io.kboss.server.event.log;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.event.EventTypes;
import java.util.List;
import org.springframework.stereotype.Component;

/** listEventTypes: the types of the events KBOSS records, as CloudStack lists its own. */
@Component
public class ListEventTypesCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("listEventTypes")
            .description("Lists the types of the events KBOSS records")
            .roles(Role.ALL)
            .responseObject("eventtype")
            .responseField("name", "string", "the event type")
            .responseField("description", "string", "what an event of the type reports (KBOSS's own field)")
            .build();

    record EventTypeResponse(String name, String description) {
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) {
        List<EventTypeResponse> all = EventTypes.ALL.entrySet().stream()
                .map(e -> new EventTypeResponse(e.getKey(), e.getValue())).toList();
        return new ListResponse<>("eventtype", all.size(), all);
    }
}
