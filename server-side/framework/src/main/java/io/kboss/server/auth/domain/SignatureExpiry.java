package io.kboss.server.auth.domain;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The {@code expires} of a version-3 signature: ISO-8601 with a zone offset, in CloudStack's form
 * {@code 2024-05-01T10:00:00+0000} or with {@code +00:00}/{@code Z}.
 */
public final class SignatureExpiry {
    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);

    private SignatureExpiry() {
    }

    /** @return the instant, or null when the text is not a date-time with an offset */
    public static Instant parse(String text) {
        try {
            return OffsetDateTime.parse(text.trim(), FORMAT).toInstant();
        } catch (DateTimeParseException | NullPointerException e) {
            return null;
        }
    }
}
