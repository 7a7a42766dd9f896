package io.kboss.server.backup.schedule.domain;

import java.util.Arrays;
import java.util.Locale;

/** CloudStack's backup schedule interval types, with the schedule format each one takes. */
public enum IntervalType {
    HOURLY("MM", "the minute of every hour, MM 0-59, e.g. \"30\""), DAILY("MM:HH",
            "minute and hour of every day, MM 0-59, HH 0-23, e.g. \"30:14\" for 14:30"), WEEKLY("MM:HH:D",
                    "minute, hour and day of the week, MM 0-59, HH 0-23, D 1=Sunday..7=Saturday, e.g. \"30:14:2\" for Mondays at 14:30"), MONTHLY(
                            "MM:HH:DD",
                            "minute, hour and day of the month, MM 0-59, HH 0-23, DD 1-28, e.g. \"30:14:15\" for the 15th at 14:30");

    private final String format;
    private final String help;

    IntervalType(String format, String help) {
        this.format = format;
        this.help = help;
    }

    /** The schedule format, e.g. {@code MM:HH}. */
    public String format() {
        return format;
    }

    /** What a valid schedule looks like, for error messages and listApis. */
    public String help() {
        return help;
    }

    /** Parses an intervaltype parameter, case-insensitively. */
    public static IntervalType parse(String value) {
        if (value != null) {
            for (IntervalType t : values()) {
                if (t.name().equals(value.trim().toUpperCase(Locale.ROOT))) {
                    return t;
                }
            }
        }
        throw new InvalidScheduleException("intervaltype '" + value + "' is not valid: expected one of "
                + Arrays.toString(values()));
    }
}
