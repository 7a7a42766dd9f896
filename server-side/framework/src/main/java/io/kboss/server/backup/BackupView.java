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
 * @param compression  its compression after it was taken
 * @param validation   what the provider's validation of the backup found; null when the provider validates nothing
 * @param serviceJob   the compression or validation queued or running on the backup (a service job), null when none
 * @param more         what CloudStack's BackupResponse adds (names, volumes, schedule, host)
 */
public record BackupView(String uuid, String vmUuid, String vmName, String type, String parentUuid, String chainUuid,
        Integer chainPosition, Long size, Long virtualSize, String status, boolean isolated, boolean quiesced,
        Long frozenMillis, Long bytesDone, Long bytesTotal, Instant created, Instant date, String zoneUuid,
        String offeringUuid, String offeringName, String accountUuid, String accountName, String domainUuid,
        String fullReason, String error, String restoreState, Compression compression, Validation validation,
        ServiceJob serviceJob, CloudStackFields more) {

    /**
     * What CloudStack's BackupResponse has beyond KBOSS's own fields.
     *
     * @param volumes          the backed-up volumes as CloudStack gives them: a JSON array of objects with
     *                         uuid, type (ROOT or DATADISK), size (bytes), path and deviceId
     * @param intervalType     HOURLY, DAILY, WEEKLY or MONTHLY of the schedule that took it; null when manual
     * @param offeringRemoved  the VM is no longer assigned to the backup's offering
     * @param vmExpunged       the VM is removed
     * @param hostUuid         the host whose agent took (takes) the backup; null before one was chosen
     * @param vmDetails        the VM's details when listvmdetails was asked; null otherwise
     */
    public record CloudStackFields(String name, String description, String zoneName, String domainName,
            String volumes, String intervalType, boolean offeringRemoved, boolean vmExpunged, String hostUuid,
            java.util.Map<String, String> vmDetails) {
    }

    /**
     * A backup's compression: status Uncompressed, Compressing, FinalizingCompression, Compressed or
     * CompressionError; the library it was (is being) compressed with; its size before (once compressed,
     * {@code size} is the size after); a running compression's progress; why the last attempt failed.
     */
    public record Compression(String status, String library, Long sizeBefore, Long bytesDone, Long bytesTotal,
            String error) {
        public static final Compression NONE = new Compression("Uncompressed", null, null, null, null, null);
    }

    /**
     * A service job queued or running on a backup: its id (listBackupServiceJobs' id, which
     * cancelBackupOperation takes as {@code id}) and its type (Compression or Validation).
     */
    public record ServiceJob(String uuid, String type) {
    }

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
