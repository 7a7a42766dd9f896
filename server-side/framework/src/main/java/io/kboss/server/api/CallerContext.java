package io.kboss.server.api;

/**
 * The caller of the API call this thread serves, while the dispatcher runs its command (as CloudStack's
 * CallContext): work queued deep inside a command (an operation's "Scheduled" event) names who asked
 * without every layer passing the caller down. Empty on background threads: that work is the system's.
 */
public final class CallerContext {
    private static final ThreadLocal<Caller> CURRENT = new ThreadLocal<>();

    private CallerContext() {
    }

    /** The caller of the call in progress on this thread, or null. */
    public static Caller current() {
        return CURRENT.get();
    }

    /** Sets the caller until the returned scope is closed (try-with-resources), then restores the previous one. */
    public static Scope of(Caller caller) {
        Caller previous = CURRENT.get();
        CURRENT.set(caller);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** Ends a {@link #of} scope. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
