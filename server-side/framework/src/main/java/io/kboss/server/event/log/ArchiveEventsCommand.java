package io.kboss.server.event.log;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SuccessResponse;
import io.kboss.server.api.SyncCommand;
import org.springframework.stereotype.Component;

/**
 * archiveEvents, as CloudStack's: the events named by ids, or of a type, or in a time range, that the
 * caller may see are kept but no longer listed by listEvents. Archiving one again changes nothing; archived
 * events are still removed after event.purge.delay days, and deleteEvents removes them at once.
 */
@Component
public class ArchiveEventsCommand implements SyncCommand {
    private static final CommandSpec SPEC = EventSelection.params(CommandSpec.named("archiveEvents")
            .description("Archives events by ID, type or time range: kept, but no longer listed by listEvents")
            .roles(Role.ALL), "archive")
            .responseField("success", "boolean", "true")
            .responseField("displaytext", "string", "how many events were archived")
            .build();

    private final EventChanges changes;

    public ArchiveEventsCommand(EventChanges changes) {
        this.changes = changes;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        int n = changes.archive(call.caller(), EventSelection.of(call.params(), "archiveevents"));
        return new SuccessResponse(true, n + (n == 1 ? " event" : " events") + " archived");
    }
}
