package io.kboss.server.event.log;

import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.ParamType;
import io.kboss.server.api.Params;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Which events one deleteEvents or archiveEvents call acts on, CloudStack's parameters: {@code ids}, {@code type},
 * and a time range ({@code enddate} alone: everything up to it; with {@code startdate}: between the two). At
 * least one of ids, type or enddate is needed, so that a call without filters never empties the log. Within
 * these filters, only the events the caller may change are touched ({@link EventChanges}).
 *
 * @param uuids the events named by {@code ids}; empty when not given
 * @param type only events of this type, or null
 * @param from only events recorded at or after this time, or null
 * @param to only events recorded at or before this time, or null
 */
record EventSelection(List<String> uuids, String type, Instant from, Instant to) {
    /** At most this many ids in one call: a longer list is a mistake, or wants type or enddate. */
    static final int MAX_IDS = 500;

    /** The parameters of deleteEvents and archiveEvents; {@code verb} is "delete" or "archive". */
    static CommandSpec.Builder params(CommandSpec.Builder b, String verb) {
        return b.param(ParamSpec.list("ids", ParamType.UUID).description("the IDs of the events to " + verb
                + " (at most " + MAX_IDS + ")"))
                .param(ParamSpec.string("type").maxLength(64).description(verb + " the events of this type "
                        + "(listEventTypes)"))
                .param(ParamSpec.date("startdate").description(verb + " the events recorded at or after this time; "
                        + "needs enddate"))
                .param(ParamSpec.date("enddate").description(verb + " the events recorded at or before this time (a "
                        + "date alone: the end of that day, UTC)"));
    }

    static EventSelection of(Params p, String command) throws ApiException {
        List<UUID> ids = p.list("ids");
        if (p.has("startdate") && !p.has("enddate")) {
            throw ApiException.invalidParameter("Parameter startdate needs enddate: give both for a range, or enddate "
                    + "alone for everything up to it");
        }
        if (ids.isEmpty() && !p.has("type") && !p.has("enddate")) {
            throw ApiException.invalidParameter("Unable to execute API command " + command + ": give ids, type or "
                    + "enddate (with startdate for a range) to say which events; " + command + " does not act on "
                    + "every event at once");
        }
        if (ids.size() > MAX_IDS) {
            throw ApiException.invalidParameter("Parameter ids names " + ids.size() + " events; at most " + MAX_IDS
                    + " are allowed in one call (use type or enddate for more)");
        }
        Instant to = p.date("enddate");
        if (to != null && to.atOffset(ZoneOffset.UTC).toLocalTime().toNanoOfDay() == 0) {
            to = to.plus(Duration.ofDays(1)).minusMillis(1);
        }
        Instant from = p.date("startdate");
        if (from != null && from.isAfter(to)) {
            throw ApiException.invalidParameter("Parameter startdate (" + from + ") must not be after enddate (" + to
                    + ")");
        }
        return new EventSelection(ids.stream().map(UUID::toString).distinct().toList(), p.string("type"), from, to);
    }
}
