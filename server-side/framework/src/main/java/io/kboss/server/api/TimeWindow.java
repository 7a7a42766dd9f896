package io.kboss.server.api;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The {@code startdate}/{@code enddate} window of a history command, both ends included. A missing
 * {@code enddate} is now; an {@code enddate} given as a date (midnight UTC) means the end of that day; a
 * missing {@code startdate} is {@code defaultSpan} before the end. A window longer than {@code maxSpan}
 * or ending before it starts is refused, so one call reads a bounded history.
 */
public record TimeWindow(Instant start, Instant end) {

    public static TimeWindow of(Params p, Instant now, Duration defaultSpan, Duration maxSpan) throws ApiException {
        Instant end = p.date("enddate");
        if (end == null) {
            end = now;
        } else if (end.atOffset(ZoneOffset.UTC).toLocalTime().toNanoOfDay() == 0) {
            end = end.plus(Duration.ofDays(1)).minusMillis(1);
        }
        Instant start = p.date("startdate");
        if (start == null) {
            start = end.minus(defaultSpan);
        }
        if (start.isAfter(end)) {
            throw ApiException.invalidParameter("startdate must not be after enddate");
        }
        if (Duration.between(start, end).compareTo(maxSpan) > 0) {
            throw ApiException.invalidParameter("startdate and enddate may be at most " + maxSpan.toDays()
                    + " days apart; ask for a shorter window");
        }
        return new TimeWindow(start, end);
    }
}
