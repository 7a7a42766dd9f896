package io.kboss.server.operation;

import io.kboss.server.settings.domain.SettingDefinition;
import java.util.Objects;

/**
 * How the queue treats the operations of one kind, each from a setting read at the operation's zone
 * (and cluster) when it is needed, so a change applies to the next decision.
 *
 * @param timeoutSeconds     how long an operation may wait in the queue (from when it could first be
 *     claimed: its enqueue, or after a failed attempt its next attempt), and then run, before it is ended:
 *     a queued one fails with the reason it waited for; a running one is given up by its handler
 * @param enabled            the kind's on/off switch: while false nothing of the kind is claimed (it
 *     stays queued); null when the kind cannot be switched off
 * @param maxAttempts        how many times an operation whose attempt failed retriably runs in all;
 *     null means once
 * @param retryIntervalMinutes how long a failed attempt waits before the next; null with maxAttempts
 * @param perAttempt         the timeout bounds each attempt from its own start, and a queued operation
 *     waits as long as its switch and limits keep it (background work such as compression: a backlog
 *     after a switch-off or behind a zone limit is not a failure); otherwise it bounds the queue wait and
 *     the run together, from the first start (work a user waits for)
 */
public record KindPolicy(SettingDefinition<Integer> timeoutSeconds, SettingDefinition<Boolean> enabled,
        SettingDefinition<Integer> maxAttempts, SettingDefinition<Integer> retryIntervalMinutes, boolean perAttempt) {
    public KindPolicy {
        Objects.requireNonNull(timeoutSeconds, "timeoutSeconds");
        if ((maxAttempts == null) != (retryIntervalMinutes == null)) {
            throw new IllegalArgumentException("retries need both a number of attempts and an interval");
        }
    }

    /** Runs once, always enabled, within {@code timeoutSeconds}. */
    public static KindPolicy timeout(SettingDefinition<Integer> timeoutSeconds) {
        return new KindPolicy(timeoutSeconds, null, null, null, false);
    }

    /** The same, claimed only while {@code switchOn} is true. */
    public KindPolicy switchedBy(SettingDefinition<Boolean> switchOn) {
        return new KindPolicy(timeoutSeconds, switchOn, maxAttempts, retryIntervalMinutes, perAttempt);
    }

    /** The same, run up to {@code attempts} times, {@code intervalMinutes} apart. */
    public KindPolicy retried(SettingDefinition<Integer> attempts, SettingDefinition<Integer> intervalMinutes) {
        return new KindPolicy(timeoutSeconds, enabled, attempts, intervalMinutes, perAttempt);
    }

    /** The same, with the timeout bounding each attempt and queue waits unbounded (see {@code perAttempt}). */
    public KindPolicy timeoutPerAttempt() {
        return new KindPolicy(timeoutSeconds, enabled, maxAttempts, retryIntervalMinutes, true);
    }
}
