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
import io.kboss.server.backup.AccountRef;
import io.kboss.server.backup.Directory;
import io.kboss.server.backup.DomainRef;
import io.kboss.server.event.EventLevel;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * listEvents, as CloudStack's: newest first; users see their account's events, domain admins their
 * domains', root admins all. Without account or domainid an admin sees only the own account's events
 * unless {@code listall=true}, as in CloudStack.
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
            .param(ParamSpec.uuid("domainid").description("only events of this domain (with account, of that "
                    + "account of the domain)"))
            .param(ParamSpec.string("account").maxLength(255).description("only events of this account; needs "
                    + "domainid"))
            .param(ParamSpec.bool("isrecursive").description("with domainid, also the domains below it"))
            .param(ParamSpec.bool("listall").description("admins: every event they may see, not only their own "
                    + "account's (default false, as in CloudStack)")))
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
        Long accountId = null;
        Collection<Long> domainIds = null;
        if (p.has("account") && !p.has("domainid")) {
            throw ApiException.invalidParameter("Parameter account needs domainid: an account is named within its "
                    + "domain");
        }
        if (p.has("domainid")) {
            String uuid = p.uuid("domainid").toString();
            DomainRef d = directory.domain(uuid).filter(x -> caller.isRootAdmin() || caller.isAdmin()
                    && x.path().startsWith(caller.domainPath()) || x.id() == caller.domainId())
                    .orElseThrow(() -> ApiException.invalidParameter("Parameter domainid: no domain you may see has "
                            + "ID " + uuid));
            if (p.has("account")) {
                String name = p.string("account");
                AccountRef a = directory.account(d.id(), name).orElseThrow(() -> ApiException.invalidParameter(
                        "Parameter account: domain " + d.name() + " has no account " + name));
                if (!caller.isAdmin() && a.id() != caller.accountId()) {
                    throw ApiException.permissionDenied("Account " + caller.accountName() + " may not list the "
                            + "events of account " + name);
                }
                accountId = a.id();
            } else {
                domainIds = p.bool("isrecursive", false) ? directory.domainTree(d.path()) : List.of(d.id());
            }
        }
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
                p.bool("listall", false) || id != null);
        return new ListResponse<>(EventResponse.OBJECT_NAME, events.count(caller, f),
                events.list(caller, f, call.paging().offset(), call.paging().pageSize()));
    }
}
