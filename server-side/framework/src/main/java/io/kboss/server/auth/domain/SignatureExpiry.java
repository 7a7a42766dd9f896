package io.kboss.server.auth.domain;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The {@code expires} of a version-3 signature: ISO-8601 with a zone offset, in CloudStack's form
 * {@code 2024-05-01T10:00:00+0000} or with {@code +00:00}/{@code Z}.
 *
 * <p>Every signed call carries one, and the general formatter (two optional offset sections) was a
 * visible share of a cheap call's CPU; so the forms clients send, seconds without fraction, are
 * read by hand, and anything else (fractions, minutes only) still goes through the formatter.
 */
public final class SignatureExpiry {
    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);
    private static final int DATE_TIME_LENGTH = "2024-05-01T10:00:00".length();

    private SignatureExpiry() {
    }

    /** @return the instant, or null when the text is not a date-time with an offset */
    public static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        Instant quick = quick(t);
        if (quick != null) {
            return quick;
        }
        try {
            return OffsetDateTime.parse(t, FORMAT).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    // yyyy-MM-ddTHH:mm:ss followed by Z, +HHMM or +HH:MM; null when the text has another shape.
    private static Instant quick(String t) {
        if (t.length() < DATE_TIME_LENGTH + 1 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
                || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        int offsetSeconds = offset(t, DATE_TIME_LENGTH);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0
                || offsetSeconds == Integer.MIN_VALUE) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second)
                    .toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
        } catch (DateTimeException e) {
            return null; // e.g. 2030-02-30 or +25:00: the formatter refuses them too
        }
    }

    private static int offset(String t, int at) {
        int rest = t.length() - at;
        if (rest == 1 && t.charAt(at) == 'Z') {
            return 0;
        }
        char sign = t.charAt(at);
        if ((sign != '+' && sign != '-') || (rest != 5 && rest != 6)) {
            return Integer.MIN_VALUE;
        }
        int hours = digits(t, at + 1, 2);
        int minutesAt = rest == 6 ? at + 4 : at + 3;
        if (rest == 6 && t.charAt(at + 3) != ':') {
            return Integer.MIN_VALUE;
        }
        int minutes = digits(t, minutesAt, 2);
        if (hours < 0 || minutes < 0 || minutes > 59) {
            return Integer.MIN_VALUE;
        }
        int total = hours * 3600 + minutes * 60;
        return sign == '-' ? -total : total;
    }

    private static int digits(String t, int from, int count) {
        int n = 0;
        for (int i = from; i < from + count; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
