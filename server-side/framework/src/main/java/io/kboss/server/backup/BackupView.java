package io.kboss.server.backup;

import java.time.Instant;

/**
 * A backup as listBackups shows it, with the uuids and names of what it refers to.
 *
 * <p>The value a provider answers for each of its backups; the framework's {@code BackupResponse} renders
 * it. Sizes are bytes; times are instants.
 *
 * @param type         Full or Incremental, as the API spells it
 * @param restoreState the state of a restore of the backup in progress (its operation: Queued while it
 *     waits for a slot, Running once claimed), null when none is
 * @param validation   what the provider's validation of the backup found; null when the provider validates nothing
 */
public record BackupView(String uuid, String vmUuid, String vmName, String type, String parentUuid, String chainUuid,
        Integer chainPosition, Long size, Long virtualSize, String status, boolean isolated, boolean quiesced,
        Long frozenMillis, Long bytesDone, Long bytesTotal, Instant created, Instant date, String zoneUuid,
        String offeringUuid, String offeringName, String accountUuid, String accountName, String domainUuid,
        String fullReason, String error, String restoreState, Validation validation) {

    /**
     * A backup's validation.
     *
     * @param status     NotValidated, Validating, Valid, NotValid or UnableToValidate
     * @param validated  when it was last booted and checked; null before
     * @param checked    when its files' hash was last compared; null before
     * @param reason     why it is NotValid or UnableToValidate; null otherwise
     * @param screenshot whether downloadValidationScreenshot has a screenshot for it
     */
    public record Validation(String status, Instant validated, Instant checked, String reason, boolean screenshot) {
    }
}
