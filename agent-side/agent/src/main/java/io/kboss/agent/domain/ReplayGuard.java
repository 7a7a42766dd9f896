package io.kboss.agent.domain;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Refuses a signed request whose timestamp is outside the allowed skew or whose nonce was already
 * seen. A nonce is remembered for twice the skew, which covers every timestamp still acceptable,
 * so a captured request can never be played again. Only requests with a valid signature reach
 * this guard, so a stranger cannot fill its memory; the bound is a last line of defence against a
 * misbehaving paired server.
 *
 * <p>The memory does not survive a restart, so requests signed before this guard was created are
 * refused too: otherwise a request captured just before an agent restart could be replayed just
 * after it. The price: a server whose clock is behind the agent's is refused for that much time
 * after an agent start (clocks are NTP-synchronized in practice; the client's error says so).
 */
public final class ReplayGuard {
    private final Clock clock;
    private final long maxSkewMillis;
    private final int maxRemembered;
    private final long notBeforeMillis;
    private final Set<String> seen = new HashSet<>();
    private final Deque<Seen> byAge = new ArrayDeque<>();

    private record Seen(String nonce, long forgetAtMillis) {
    }

    public ReplayGuard(Clock clock, long maxSkewMillis, int maxRemembered) {
        this.clock = clock;
        this.maxSkewMillis = maxSkewMillis;
        this.maxRemembered = maxRemembered;
        this.notBeforeMillis = clock.millis();
    }

    /** True when the request is fresh; the nonce is then remembered. */
    public synchronized boolean admit(long timestampMillis, String nonce) {
        long now = clock.millis();
        forgetExpired(now);
        if (nonce == null || nonce.isEmpty() || nonce.length() > 128) {
            return false;
        }
        if (Math.abs(now - timestampMillis) > maxSkewMillis || timestampMillis < notBeforeMillis) {
            return false;
        }
        if (seen.contains(nonce) || seen.size() >= maxRemembered) {
            return false;
        }
        seen.add(nonce);
        byAge.addLast(new Seen(nonce, now + 2 * maxSkewMillis));
        return true;
    }

    private void forgetExpired(long now) {
        while (!byAge.isEmpty() && byAge.peekFirst().forgetAtMillis() < now) {
            seen.remove(byAge.removeFirst().nonce());
        }
    }
}
