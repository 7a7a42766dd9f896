package io.kboss.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The user behind an API key, for signed calls, remembered for {@link #TTL} so a busy client does
 * not cost a user ⋈ account ⋈ domain query on every call (it was a third of the server's time
 * for cheap commands, and the number of statements per call is what bounds the rate).
 *
 * <p><b>What it risks, and the bound.</b> A remembered user is used without reading the database
 * again, so a change to the user could be missed for up to {@code TTL}. On this server nothing is
 * missed: every change of a user's keys goes through {@link AccountService}, which calls
 * {@link #forgetUser} when the change is made (a regenerated key stops working at once; the new one
 * is read on its first use), and the same must be done by any command that disables or removes a
 * user or account. On another management server sharing the database, the old key, a disabled or a
 * removed user keeps working for at most {@code TTL} (1 s) after the change committed. Unknown keys
 * are not remembered, so a new key works at once everywhere. The remembered row holds the secret
 * key: it lives only in this map and is never logged.
 */
@Component
public class SignedCallUsers {
    /** How long another server may act on a user row it read before a change; see the class comment. */
    public static final Duration TTL = Duration.ofSeconds(1);
    // Keys seen recently by one server are few; past this many the map is cleared rather than grown.
    private static final int MAX_KEYS = 10_000;

    private record Remembered(UserAccount user, Instant readAt) {
    }

    private final AccountRepository accounts;
    private final Clock clock;
    private final ConcurrentHashMap<String, Remembered> byApiKey = new ConcurrentHashMap<>();
    // Moves on every forgetUser: a row read before a forget is not remembered after it, so a call
    // racing a key change on this server cannot put the old key back.
    private final AtomicLong forgets = new AtomicLong();

    public SignedCallUsers(AccountRepository accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    /** The user holding this API key, as read from the database at most {@link #TTL} ago. */
    public Optional<UserAccount> findByApiKey(String apiKey) {
        Instant now = clock.instant();
        Remembered r = byApiKey.get(apiKey);
        if (r != null && !now.isBefore(r.readAt()) && now.isBefore(r.readAt().plus(TTL))) {
            return Optional.of(r.user());
        }
        long forgetsBefore = forgets.get();
        Optional<UserAccount> user = accounts.findUserByApiKey(apiKey);
        if (user.isEmpty()) {
            byApiKey.remove(apiKey);
            return user;
        }
        if (byApiKey.size() >= MAX_KEYS) {
            byApiKey.clear();
        }
        byApiKey.put(apiKey, new Remembered(user.get(), now));
        if (forgets.get() != forgetsBefore) {
            byApiKey.remove(apiKey);
        }
        return user;
    }

    /** Drops what is remembered of this user: call when their keys, state or account change. */
    public void forgetUser(long userId) {
        forgets.incrementAndGet();
        byApiKey.values().removeIf(r -> r.user().userId() == userId);
    }
}
