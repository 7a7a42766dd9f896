package io.kboss.db;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * DATETIME(3) values in UTC, bound as text.
 *
 * <p>Why text: MariaDB announces itself to Connector/J as version "5.5.5-10.x", and Connector/J
 * then believes the server has no fractional seconds and drops the milliseconds of every bound
 * {@code LocalDateTime}/{@code Timestamp}. A string literal reaches the server intact.
 */
final class DatabaseTime {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    private DatabaseTime() {
    }

    static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
