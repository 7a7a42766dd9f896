package io.kboss.server.event.log;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Params;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.backup.Directory;
import io.kboss.server.backup.ListOwner;
import io.kboss.server.event.EventLevel;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * listEvents, as CloudStack's: newest first; users see their account's events, domain admins their
 * domains', root admins all. Without account or domainid an admin sees only the own account's events
 * unless {@code listall=true}, as in CloudStack ({@link ListOwner}).
 */
@Component
public class ListEventsCommand implements SyncCommand {
    private static final String[] LEVELS = Arrays.stream(EventLevel.values()).map(Enum::name).toArray(String[]::new);

    private static final CommandSpec SPEC = EventResponse.describeFields(CommandSpec.named("listEvents")
            .description("Lists events, newest first (kept event.purge.delay days)")
            .roles(Role.ALL)
            .listCommand()
            .param(ParamSpec.uuid("id").description("only the event with this ID"))
            .param(ParamSpec.string("type").maxLength(64).description("only events of this type (listEventTypes)"))
            .param(ParamSpec.string("level").allowedValues(LEVELS).description("only events of this level"))
            .param(ParamSpec.date("startdate").description("only events recorded at or after this time"))
            .param(ParamSpec.date("enddate").description("only events recorded at or before this time (a date "
                    + "alone: the end of that day, UTC)"))
            .param(ListOwner.domainParam("events"))
            .param(ListOwner.accountParam("events"))
            .param(ListOwner.recursiveParam())
            .param(ParamSpec.bool("listall").description("admins: every event they may see, not only their own "
                    + "account's (default false, as in CloudStack)"))
            .param(ParamSpec.bool("archived").description("true: only the events archived by archiveEvents; false "
                    + "(default): only the others")))
            .build();

    private final EventQuery events;
    private final Directory directory;

    public ListEventsCommand(EventQuery events, Directory directory) {
        this.events = events;
        this.directory = directory;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        Params p = call.params();
        Caller caller = call.caller();
        // account, domainid and isrecursive as CloudStack's buildACLSearchParameters (ListOwner); without
        // them the filter's listAll flag narrows an administrator to his own account, in the query.
        ListOwner owner = ListOwner.of(directory, caller, p, true, "events");
        Long accountId = owner.accountId();
        Collection<Long> domainIds = owner.domainIds();
        Instant to = p.date("enddate");
        if (to != null && to.atOffset(ZoneOffset.UTC).toLocalTime().toNanoOfDay() == 0) {
            to = to.plus(Duration.ofDays(1)).minusMillis(1);
        }
        Instant from = p.date("startdate");
        if (from != null && to != null && from.isAfter(to)) {
            throw ApiException.invalidParameter("Parameter startdate must not be after enddate");
        }
        UUID id = p.uuid("id");
        EventQuery.Filter f = new EventQuery.Filter(id == null ? null : id.toString(), p.string("type"),
                p.string("level"), from, to, call.paging().likePattern(), accountId, domainIds,
                p.bool("listall", false) || id != null, p.bool("archived", false));
        return new ListResponse<>(EventResponse.OBJECT_NAME, events.count(caller, f),
                events.list(caller, f, call.paging().offset(), call.paging().pageSize()));
    }
}
