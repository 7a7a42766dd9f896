package io.kboss.server.limits;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The limits set with updateResourceLimit ({@code resource_limit}), the row locks that serialize
 * checks of one owner, and the usage counted from the backup and vm_instance rows.
 */
@Repository
public class ResourceLimitRepository {
    /** Backups that hold or will hold data on a store: failed and deleted ones do not count. */
    static final String COUNTED_BACKUP = "b.status IN ('Allocated', 'Queued', 'BackingUp', 'BackedUp', 'Restoring')";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public ResourceLimitRepository(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public OptionalLong accountLimit(long accountId, ResourceType type) {
        return limit("Account", accountId, type);
    }

    public OptionalLong domainLimit(long domainId, ResourceType type) {
        return limit("Domain", domainId, type);
    }

    private OptionalLong limit(String ownerType, long ownerId, ResourceType type) {
        List<Long> found = jdbc.queryForList("SELECT max FROM resource_limit WHERE owner_type = ? AND owner_id = ? "
                + "AND type = ?", Long.class, ownerType, ownerId, type.csName());
        return found.isEmpty() ? OptionalLong.empty() : OptionalLong.of(found.get(0));
    }

    public void setAccountLimit(long accountId, ResourceType type, long max) {
        set("Account", accountId, type, max);
    }

    public void setDomainLimit(long domainId, ResourceType type, long max) {
        set("Domain", domainId, type, max);
    }

    private void set(String ownerType, long ownerId, ResourceType type, long max) {
        jdbc.update("INSERT INTO resource_limit (owner_type, owner_id, type, max, updated) VALUES (?, ?, ?, ?, ?) "
                + "ON DUPLICATE KEY UPDATE max = VALUES(max), updated = VALUES(updated)", ownerType, ownerId,
                type.csName(), max, Timestamp.from(clock.instant()));
    }

    /** Locks the account's row until the transaction ends: checks of the account's limits queue behind it. */
    public void lockAccount(long accountId) {
        jdbc.queryForList("SELECT id FROM account WHERE id = ? FOR UPDATE", Long.class, accountId);
    }

    /** Locks the domain's row until the transaction ends. */
    public void lockDomain(long domainId) {
        jdbc.queryForList("SELECT id FROM domain WHERE id = ? FOR UPDATE", Long.class, domainId);
    }

    /** The account's usage of {@code type}, in the measured unit (bytes for storage and memory). */
    public long accountUsage(long accountId, ResourceType type) {
        return usage(type, "b.account_id = ?", "v.account_id = ?", accountId);
    }

    /** The usage of the domain's accounts and its subdomains' accounts. */
    public long domainUsage(String domainPath, ResourceType type) {
        return usage(type, "b.domain_id IN (SELECT id FROM domain WHERE path LIKE ?)",
                "v.domain_id IN (SELECT id FROM domain WHERE path LIKE ?)", like(domainPath));
    }

    private static String like(String path) {
        return path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    /**
     * Validation VMs running now for the owner's backups (operations of kind VALIDATION that boot one:
     * not the hash rechecks), other than the operation {@code except}: their count, vCPUs or memory bytes
     * (the validation VM has its VM's size).
     */
    private long validationVms(ResourceType type, String vmOwner, Object owner, long except) {
        String what = switch (type) {
            case USER_VM -> "COUNT(*)";
            case CPU -> "COALESCE(SUM(v.cpus), 0)";
            case MEMORY -> "COALESCE(SUM(v.memory_bytes), 0)";
            default -> throw new IllegalArgumentException(type + " is not a VM resource");
        };
        Long n = jdbc.queryForObject("SELECT " + what + " FROM operation o JOIN vm_instance v ON v.id = o.vm_id "
                + "WHERE o.kind = 'VALIDATION' AND o.state = 'RUNNING' AND o.id <> ? AND " + vmOwner
                + " AND COALESCE(JSON_UNQUOTE(JSON_EXTRACT(o.payload, '$.purpose')), 'validate') <> 'recheck'",
                Long.class, except, owner);
        return n == null ? 0 : n;
    }

    /** The account's running VMs plus its running validation VMs other than {@code except}'s. */
    public long accountVmUsage(long accountId, ResourceType type, long except) {
        return accountUsage(accountId, type) + validationVms(type, "v.account_id = ?", accountId, except);
    }

    /** The domain's running VMs plus its running validation VMs other than {@code except}'s. */
    public long domainVmUsage(String domainPath, ResourceType type, long except) {
        return domainUsage(domainPath, type) + validationVms(type,
                "v.domain_id IN (SELECT id FROM domain WHERE path LIKE ?)", like(domainPath), except);
    }

    private long usage(ResourceType type, String backupOwner, String vmOwner, Object owner) {
        Long n = switch (type) {
            case BACKUP -> jdbc.queryForObject("SELECT COUNT(*) FROM backup b WHERE " + backupOwner + " AND "
                    + COUNTED_BACKUP, Long.class, owner);
            case BACKUP_STORAGE -> jdbc.queryForObject("SELECT COALESCE(SUM(b.size), 0) FROM backup b WHERE "
                    + backupOwner + " AND " + COUNTED_BACKUP, Long.class, owner);
            case USER_VM -> jdbc.queryForObject("SELECT COUNT(*) FROM vm_instance v WHERE " + vmOwner
                    + " AND v.removed IS NULL AND v.power_state = 'PowerOn'", Long.class, owner);
            case CPU -> jdbc.queryForObject("SELECT COALESCE(SUM(v.cpus), 0) FROM vm_instance v WHERE " + vmOwner
                    + " AND v.removed IS NULL AND v.power_state = 'PowerOn'", Long.class, owner);
            case MEMORY -> jdbc.queryForObject("SELECT COALESCE(SUM(v.memory_bytes), 0) FROM vm_instance v WHERE "
                    + vmOwner + " AND v.removed IS NULL AND v.power_state = 'PowerOn'", Long.class, owner);
        };
        return n == null ? 0 : n;
    }
}
