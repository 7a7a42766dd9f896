package io.kboss.server.event;

/**
 * An alert's type as CloudStack's listAlerts shows it: a number and an ALERT.* name. CloudStack's own
 * types stop well below 100; KBOSS's start there.
 */
public enum AlertType {
    /** A backup failed (its operation ended FAILED after its last attempt). */
    BACKUP_FAILED(100, "ALERT.BACKUP"),
    /** A validation of a backup failed, or found the backup not valid. */
    VALIDATION_FAILED(101, "ALERT.BACKUP.VALIDATION"),
    /** Any other queued operation (restore, delete, compression, ...) failed. */
    OPERATION_FAILED(102, "ALERT.BACKUP.OPERATION"),
    /** A webhook delivery failed or timed out on its last attempt. */
    WEBHOOK_DELIVERY_FAILED(103, "ALERT.WEBHOOK.DELIVERY");

    private final short type;
    private final String alertName;

    AlertType(int type, String alertName) {
        this.type = (short) type;
        this.alertName = alertName;
    }

    public short type() {
        return type;
    }

    public String alertName() {
        return alertName;
    }
}
