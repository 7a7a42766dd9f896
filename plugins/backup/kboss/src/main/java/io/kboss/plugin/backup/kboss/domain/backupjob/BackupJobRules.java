package io.kboss.plugin.backup.kboss.domain.backupjob;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a backup job's fields may be. Priority is 0 to 99; above {@link #USER_MAX_PRIORITY} only
 * administrators may set it, so system-wide jobs go first. A job backs up at least one VM, each once.
 */
public final class BackupJobRules {
    public static final int MAX_PRIORITY = 99;
    public static final int USER_MAX_PRIORITY = 50;
    public static final int MAX_NAME = 255;

    private BackupJobRules() {
    }

    public static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new BackupJobRuleViolation("name", "A backup job needs a name (name)", false);
        }
        if (name.length() > MAX_NAME) {
            throw new BackupJobRuleViolation("name", "A backup job's name has at most " + MAX_NAME
                    + " characters (name)", false);
        }
    }

    public static void checkPriority(int priority, boolean admin) {
        if (priority < 0 || priority > MAX_PRIORITY) {
            throw new BackupJobRuleViolation("priority", "Parameter priority must be between 0 and " + MAX_PRIORITY
                    + " (higher runs first); got " + priority, false);
        }
        if (priority > USER_MAX_PRIORITY && !admin) {
            throw new BackupJobRuleViolation("priority", "Parameter priority above " + USER_MAX_PRIORITY
                    + " is for administrators only; use 0 to " + USER_MAX_PRIORITY + " (got " + priority + ")", true);
        }
    }

    public static void checkKeepLast(Integer keepLast) {
        if (keepLast != null && keepLast < 1) {
            throw new BackupJobRuleViolation("keeplast", "Parameter keeplast must be at least 1 (the newest backups "
                    + "of each VM kept); leave it out to keep all; got " + keepLast, false);
        }
    }

    public static Execution execution(String value) {
        for (Execution e : Execution.values()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        throw new BackupJobRuleViolation("execution", "Parameter execution must be SEQUENTIAL or PARALLEL; got "
                + value, false);
    }

    /** The VMs, by the uuids the caller gave: at least one, none twice. */
    public static void checkVms(List<String> vmUuids) {
        if (vmUuids == null || vmUuids.isEmpty()) {
            throw new BackupJobRuleViolation("virtualmachineids", "A backup job backs up at least one VM "
                    + "(virtualmachineids)", false);
        }
        Set<String> seen = new HashSet<>();
        for (String uuid : vmUuids) {
            if (!seen.add(uuid)) {
                throw new BackupJobRuleViolation("virtualmachineids", "VM " + uuid + " is named twice in "
                        + "virtualmachineids; a job backs up each VM once per run", false);
            }
        }
    }
}
