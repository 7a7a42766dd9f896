package io.kboss.server.event;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The event types KBOSS emits: CloudStack's names (its {@code EventTypes}) where CloudStack has the action,
 * KBOSS's own in the same dotted style where it has none. listEventTypes answers {@link #ALL}.
 */
public final class EventTypes {
    // CloudStack's backup events.
    public static final String BACKUP_CREATE = "BACKUP.CREATE";
    public static final String BACKUP_RESTORE = "BACKUP.RESTORE";
    public static final String BACKUP_RESTORE_VOLUME = "BACKUP.RESTORE.VOLUME.TO.VM";
    public static final String BACKUP_DELETE = "BACKUP.DELETE";
    public static final String BACKUP_OFFERING_ASSIGN = "BACKUP.OFFERING.ASSIGN";
    public static final String BACKUP_OFFERING_REMOVE = "BACKUP.OFFERING.REMOVE";
    public static final String BACKUP_OFFERING_EDIT = "BACKUP.OFFERING.EDIT";
    public static final String VM_CREATE_FROM_BACKUP = "VM.CREATE.FROM.BACKUP";
    public static final String VM_EXPUNGE = "VM.EXPUNGE";
    // CloudStack's webhook events.
    public static final String WEBHOOK_CREATE = "WEBHOOK.CREATE";
    public static final String WEBHOOK_UPDATE = "WEBHOOK.UPDATE";
    public static final String WEBHOOK_DELETE = "WEBHOOK.DELETE";
    // KBOSS's own.
    public static final String BACKUP_OFFERING_CREATE = "BACKUP.OFFERING.CREATE";
    public static final String BACKUP_OFFERING_DELETE = "BACKUP.OFFERING.DELETE";
    public static final String BACKUP_COMPRESS = "BACKUP.COMPRESS";
    public static final String BACKUP_VALIDATE = "BACKUP.VALIDATE";
    public static final String BACKUP_RESTORE_FILE = "BACKUP.RESTORE.FILE";
    public static final String BACKUP_JOB_RUN = "BACKUP.JOB.RUN";

    /** Every type with what it reports, in listEventTypes' order. */
    public static final Map<String, String> ALL;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(BACKUP_CREATE, "a backup of a VM (createBackup, a schedule, a backup job)");
        m.put(BACKUP_RESTORE, "a restore of a VM from a backup, full or quick");
        m.put(BACKUP_RESTORE_VOLUME, "a volume restored from a backup and attached to a VM");
        m.put(BACKUP_DELETE, "a deletion of a backup (deleteBackup, retention, the sweep of removed backups)");
        m.put(BACKUP_COMPRESS, "a compression of a backup");
        m.put(BACKUP_VALIDATE, "a validation of a backup");
        m.put(VM_CREATE_FROM_BACKUP, "a new VM made from a backup");
        m.put(VM_EXPUNGE, "a VM its host no longer defines forgotten (expungeVirtualMachine); its backups are kept");
        m.put(BACKUP_RESTORE_FILE, "files restored from a backup");
        m.put(BACKUP_JOB_RUN, "a run of a backup job");
        m.put(BACKUP_OFFERING_CREATE, "a backup offering created");
        m.put(BACKUP_OFFERING_EDIT, "a backup offering changed");
        m.put(BACKUP_OFFERING_DELETE, "a backup offering deleted");
        m.put(BACKUP_OFFERING_ASSIGN, "a VM assigned to a backup offering");
        m.put(BACKUP_OFFERING_REMOVE, "a VM removed from its backup offering");
        m.put(WEBHOOK_CREATE, "a webhook created");
        m.put(WEBHOOK_UPDATE, "a webhook changed");
        m.put(WEBHOOK_DELETE, "a webhook deleted");
        ALL = java.util.Collections.unmodifiableMap(m);
    }

    private EventTypes() {
    }
}
