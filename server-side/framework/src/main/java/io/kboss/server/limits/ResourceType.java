package io.kboss.server.limits;

import java.util.Locale;
import java.util.Optional;

/**
 * The resource types KBOSS limits, with CloudStack's names and numbers (its Resource.ResourceType), the
 * settings that give an account's and a domain's limit when none was set, and the unit of {@code max}
 * in the API (CloudStack gives storage in GiB and memory in MiB).
 */
public enum ResourceType {
    USER_VM("user_vm", 0, 1), CPU("cpu", 8, 1), MEMORY("memory", 9, 1L << 20), BACKUP("backup", 12,
            1), BACKUP_STORAGE("backup_storage", 13, 1L << 30);

    private final String csName;
    private final int number;
    private final long unitBytes;

    ResourceType(String csName, int number, long unitBytes) {
        this.csName = csName;
        this.number = number;
        this.unitBytes = unitBytes;
    }

    /** CloudStack's name, as resourcetypename shows it. */
    public String csName() {
        return csName;
    }

    /** CloudStack's number, as resourcetype takes and shows it. */
    public int number() {
        return number;
    }

    /** How many of the measured unit (bytes for storage and memory, else 1) one unit of {@code max} is. */
    public long unit() {
        return unitBytes;
    }

    public static Optional<ResourceType> byNumber(int n) {
        for (ResourceType t : values()) {
            if (t.number == n) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public static Optional<ResourceType> byName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (ResourceType t : values()) {
            if (t.csName.equals(n)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** For messages: the types with their numbers. */
    public static String allowed() {
        StringBuilder b = new StringBuilder();
        for (ResourceType t : values()) {
            b.append(b.length() == 0 ? "" : ", ").append(t.number).append(" (").append(t.csName).append(')');
        }
        return b.toString();
    }
}
