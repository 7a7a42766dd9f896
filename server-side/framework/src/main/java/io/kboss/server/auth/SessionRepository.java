package io.kboss.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Login sessions in {@code user_session}, shared by every management server. A row's id is the
 * SHA-256 of the session cookie and the session key together: a call must present both (the key as
 * a parameter defeats cross-site requests that carry only the cookie), and a database dump holds
 * no usable session.
 */
@Repository
public class SessionRepository {
    private final JdbcTemplate jdbc;

    public SessionRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public static String sessionId(String cookie, String sessionKey) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest((cookie + "\n" + sessionKey).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    public void create(String id, long userId, Instant now, Duration idleTimeout) {
        jdbc.update("INSERT INTO user_session (id, user_id, created, last_access, expires) VALUES (?, ?, ?, ?, ?)",
                id, userId, Timestamp.from(now), Timestamp.from(now), Timestamp.from(now.plus(idleTimeout)));
    }

    /**
     * The session's user when the session exists and has not expired; extends its expiry (at most
     * once a minute, to keep calls from writing on every request).
     */
    public Optional<Long> touch(String id, Instant now, Duration idleTimeout) {
        List<Object[]> rows = jdbc.query("SELECT user_id, last_access FROM user_session WHERE id = ? AND expires > ?",
                (rs, i) -> new Object[]{rs.getLong(1), rs.getTimestamp(2).toInstant()}, id, Timestamp.from(now));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Instant last = (Instant) rows.get(0)[1];
        if (Duration.between(last, now).compareTo(Duration.ofMinutes(1)) > 0) {
            jdbc.update("UPDATE user_session SET last_access = ?, expires = ? WHERE id = ?", Timestamp.from(now),
                    Timestamp.from(now.plus(idleTimeout)), id);
        }
        return Optional.of((Long) rows.get(0)[0]);
    }

    public boolean delete(String id) {
        return jdbc.update("DELETE FROM user_session WHERE id = ?", id) > 0;
    }

    /** Ends every session of the user, on every server at once (sessions are read per call). */
    public int deleteForUser(long userId) {
        return jdbc.update("DELETE FROM user_session WHERE user_id = ?", userId);
    }

    public int deleteExpired(Instant now) {
        return jdbc.update("DELETE FROM user_session WHERE expires <= ?", Timestamp.from(now));
    }
}
