package io.kboss.client.model;

import java.time.Instant;

/**
 * A compression or validation service job as listBackupServiceJobs shows it: its kind ({@code type},
 * Compression or Validation), the backup, host and zone, its state, how many attempts were made, when a
 * waiting job may start ({@code scheduledDate}), when it started and ended ({@code removed}, as upstream
 * CloudStack names it), and the last error.
 *
 * <p>{@code state} is Queued, Running, {@value #WAITING_FOR_RETRY} (a failed attempt runs again at
 * {@code scheduledDate}), Succeeded, Failed or Cancelled. {@code executing} and {@code scheduled} say whether
 * it runs or waits now. A running job shows how far its attempt got: {@code progress} percent,
 * {@code progressDone} of {@code progressTotal} units (bytes qemu-img read for a compression, its copy then
 * its check; steps for a validation) and {@code phase}, what the agent does now; the four are null while it
 * waits or after it ended, and a field an older server does not send stays null.
 */
public record ServiceJob(String id, String backupId, String hostId, String zoneId, String type, String state,
        Boolean executing, Boolean scheduled, Integer attempts, Instant scheduledDate, Instant startDate,
        Instant removed, String error, Integer progress, Long progressDone, Long progressTotal, String phase) {

    public static final String RUNNING = "Running";
    /** The state of a queued job whose last attempt failed; it runs again at {@link #scheduledDate}. */
    public static final String WAITING_FOR_RETRY = "WaitingForRetry";

    /** A job as servers without progress answer it (the progress fields and the two flags are null). */
    public ServiceJob(String id, String backupId, String hostId, String zoneId, String type, String state,
            Integer attempts, Instant scheduledDate, Instant startDate, Instant removed, String error) {
        this(id, backupId, hostId, zoneId, type, state, null, null, attempts, scheduledDate, startDate, removed,
                error, null, null, null, null);
    }

    /** Whether a failed attempt waits for its retry interval to end. */
    public boolean waitingForRetry() {
        return WAITING_FOR_RETRY.equals(state);
    }

    public boolean running() {
        return RUNNING.equals(state);
    }
}
