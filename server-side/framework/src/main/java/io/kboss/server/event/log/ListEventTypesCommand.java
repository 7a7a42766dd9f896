package io.kboss.server.event.log;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.event.EventTypes;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** listEventTypes: the types of the events KBOSS records, as CloudStack lists its own. */
@Component
public class ListEventTypesCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("listEventTypes")
            .description("Lists the types of the events KBOSS records")
            .roles(Role.ALL)
            .listCommand()
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
        String kw = call.paging().keyword() == null ? null : call.paging().keyword().toLowerCase(Locale.ROOT);
        List<EventTypeResponse> all = EventTypes.ALL.entrySet().stream()
                .filter(e -> kw == null || e.getKey().toLowerCase(Locale.ROOT).contains(kw)
                        || e.getValue().toLowerCase(Locale.ROOT).contains(kw))
                .map(e -> new EventTypeResponse(e.getKey(), e.getValue())).toList();
        int from = (int) Math.min(all.size(), call.paging().offset());
        int to = (int) Math.min(all.size(), from + (long) call.paging().pageSize());
        return new ListResponse<>("eventtype", all.size(), all.subList(from, to));
    }
}
