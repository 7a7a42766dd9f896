package io.kboss.client.model;

import java.time.Instant;

/**
 * A backup as listBackups shows it: CloudStack's fields (type Full or Incremental; status Allocated,
 * Queued, BackingUp, BackedUp, Error, Failed, Restoring, Removed or Expunged; size on secondary
 * storage, virtualSize of the disks) plus its chain ({@code chainPosition} 0 is the chain's full
 * backup), the quiesce outcome, a running backup's progress, why it is full, a failed one's error,
 * and {@code restoreStatus} (Queued or Running) while a restore of it is under way. After it is taken, a
 * backup of an offering that compresses or validates shows its service jobs' outcome: its
 * {@code compressionStatus} (size before in {@code uncompressedSize}, after in {@code size}) and
 * {@code validationStatus}, with {@code validationScreenshot} when a screenshot can be downloaded.
 */
public record Backup(String id, String virtualMachineId, String virtualMachineName, String type, String parentId,
        String chainId, Integer chainPosition, boolean isolated, Long size, Long virtualSize, String status,
        boolean quiesced, Long frozenMillis, Long bytesDone, Long bytesTotal, Integer progress, Instant created,
        Instant date, String zoneId, String backupOfferingId, String backupOfferingName, String accountId,
        String account, String domainId, String fullReason, String error, String restoreStatus,
        String compressionStatus, String compressionLibrary, Long uncompressedSize, String compressionError,
        String validationStatus, String validationReason, Boolean validationScreenshot) {

    public static final String BACKED_UP = "BackedUp";
    public static final String RESTORING = "Restoring";

    /** Whether the backup holds data one can restore: BackedUp, or Restoring (being read by a restore). */
    public boolean restorable() {
        return BACKED_UP.equals(status) || RESTORING.equals(status);
    }

    public boolean compressed() {
        return "Compressed".equals(compressionStatus);
    }

    public boolean incremental() {
        return "Incremental".equals(type);
    }
}
