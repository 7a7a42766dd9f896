package io.kboss.server.event.log;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SuccessResponse;
import io.kboss.server.api.SyncCommand;
import org.springframework.stereotype.Component;

/**
 * deleteEvents, as CloudStack's: the events named by ids, or of a type, or in a time range, that the
 * caller may see (users their account's, admins their domains'), are removed with their webhook deliveries.
 * Archived events are deleted too (CloudStack leaves those alone; an operator who deletes a range wants it
 * gone).
 */
@Component
public class DeleteEventsCommand implements SyncCommand {
    private static final CommandSpec SPEC = EventSelection.params(CommandSpec.named("deleteEvents")
            .description("Deletes events by ID, type or time range, with their webhook deliveries")
            .roles(Role.ALL), "delete")
            .responseField("success", "boolean", "true")
            .responseField("displaytext", "string", "how many events were deleted")
            .build();

    private final EventChanges changes;

    public DeleteEventsCommand(EventChanges changes) {
        this.changes = changes;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        int n = changes.delete(call.caller(), EventSelection.of(call.params(), "deleteevents"));
        return new SuccessResponse(true, n + (n == 1 ? " event" : " events") + " deleted");
    }
}
