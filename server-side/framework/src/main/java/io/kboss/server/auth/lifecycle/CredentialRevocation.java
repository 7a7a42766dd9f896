package io.kboss.server.auth.lifecycle;

import io.kboss.server.auth.SessionRepository;
import io.kboss.server.auth.SignedCallUsers;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Makes a committed loss of credentials (a user or account disabled or removed) hold on every
 * management server before the command that caused it answers.
 *
 * <p>Sessions are checked against the database on every call, so deleting the users' session rows
 * ends them everywhere at once. Signed calls use {@link SignedCallUsers}, which may act on a user
 * row read up to {@link SignedCallUsers#TTL} (1 s) earlier: this server forgets the users now, and
 * the caller then waits that long after the commit, by which time every other server has dropped
 * what it read before the change. The wait is measured on this server's monotonic clock, so clock
 * offsets between servers do not matter. It costs the disabling or deleting command one second;
 * the alternative, a database read on every signed call, costs every call.
 */
@Component
public class CredentialRevocation {
    private final SessionRepository sessions;
    private final SignedCallUsers signedCallUsers;

    public CredentialRevocation(SessionRepository sessions, SignedCallUsers signedCallUsers) {
        this.sessions = sessions;
        this.signedCallUsers = signedCallUsers;
    }

    /** Call after the change committed; returns once no server accepts the users' credentials. */
    public void revoked(Collection<Long> userIds) {
        long committed = System.nanoTime();
        for (long id : userIds) {
            sessions.deleteForUser(id);
            signedCallUsers.forgetUser(id);
        }
        waitUntil(committed + SignedCallUsers.TTL.toNanos());
    }

    private static void waitUntil(long deadlineNanos) {
        boolean interrupted = false;
        try {
            long left;
            while ((left = deadlineNanos - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(left);
                } catch (InterruptedException e) {
                    // Answering early would break the promise; finish the wait, then restore the flag.
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
