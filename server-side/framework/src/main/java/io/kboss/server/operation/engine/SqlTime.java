package io.kboss.server.operation.engine;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * DATETIME(3) values in UTC, bound as text: Connector/J takes MariaDB for a 5.5 server and drops the
 * milliseconds of a bound Timestamp, and the queue's order and the benchmark's latencies need them.
 */
final class SqlTime {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    private SqlTime() {
    }

    static String of(Instant instant) {
        return instant == null ? null : FORMAT.format(instant);
    }

    static Instant read(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
