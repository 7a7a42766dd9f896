package io.kboss.plugin.backup.kboss.domain.backupjob;

/** A value a caller may not give a backup job: names the API parameter and what is allowed. */
public class BackupJobRuleViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String parameter;
    private final boolean permission;

    public BackupJobRuleViolation(String parameter, String message, boolean permission) {
        super(message);
        this.parameter = parameter;
        this.permission = permission;
    }

    public String parameter() {
        return parameter;
    }

    /** Whether the value is allowed to others (an administrator), not to this caller. */
    public boolean permission() {
        return permission;
    }
}
