package io.kboss.server.api;

import java.time.Clock;
import java.time.Duration;

/**
 * How a history command takes its {@code startdate}/{@code enddate} window ({@link TimeWindow}): how far
 * back it looks when no startdate is given, and the longest window it answers (366 days for every
 * history, so one call reads a bounded history). The histories declare their parameters and read their
 * window here, so their texts and rules cannot drift apart.
 */
public record HistoryWindow(Duration defaultSpan, Duration maxSpan) {
    private static final Duration MAX_SPAN = Duration.ofDays(366);

    /** The last {@code days} days unless startdate says otherwise; at most 366 days. */
    public static HistoryWindow lastDays(int days) {
        return new HistoryWindow(Duration.ofDays(days), MAX_SPAN);
    }

    /** {@code startdate} of a history of things at instants; {@code things} says which, e.g. "backups taken". */
    public ParamSpec startdate(String things) {
        return ParamSpec.date("startdate").description(things + " at or after this time (default: "
                + defaultSpan.toDays() + " days before enddate)");
    }

    /** {@code enddate} of a history of things at instants, as {@link TimeWindow} reads it. */
    public ParamSpec enddate(String things) {
        return ParamSpec.date("enddate").description(things + " at or before this time (a date alone: the end of "
                + "that day, UTC; default: now); at most " + maxSpan.toDays() + " days after startdate");
    }

    /** {@code startdate} of a history by day (UTC). */
    public ParamSpec firstDay() {
        return ParamSpec.date("startdate").description("the first day (default: " + defaultSpan.toDays()
                + " days before enddate)");
    }

    /** {@code enddate} of a history by day (UTC). */
    public ParamSpec lastDay() {
        return ParamSpec.date("enddate").description("the last day (default: today); at most " + maxSpan.toDays()
                + " days after startdate");
    }

    /** The call's window by the clock's now; refused with 431 when it is reversed or too long. */
    public TimeWindow of(ApiCall call, Clock clock) throws ApiException {
        return TimeWindow.of(call.params(), clock.instant(), defaultSpan, maxSpan);
    }
}
