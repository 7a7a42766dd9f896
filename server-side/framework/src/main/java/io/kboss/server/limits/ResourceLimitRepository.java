package io.kboss.server.limits;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;
import io.kboss.server.backup.BackupUsage;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The limits set with updateResourceLimit ({@code resource_limit}), the row locks that serialize
 * checks of one owner, and the usage: VMs from vm_instance and operation, backups from the providers'
 * {@link BackupUsage}.
 */
@Repository
public class ResourceLimitRepository {
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ObjectProvider<BackupUsage> providers;

    /** @param providers each backup provider's count of its own backups (the framework owns no backup table) */
    public ResourceLimitRepository(JdbcTemplate jdbc, Clock clock, ObjectProvider<BackupUsage> providers) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.providers = providers;
    }

    private BackupUsage.Used backups(java.util.function.Function<BackupUsage, BackupUsage.Used> of) {
        BackupUsage.Used all = BackupUsage.Used.NONE;
        for (BackupUsage p : (Iterable<BackupUsage>) providers.orderedStream()::iterator) {
            all = all.plus(of.apply(p));
        }
        return all;
    }

    private List<Long> unsized(java.util.function.Function<BackupUsage, List<Long>> of) {
        List<Long> all = new java.util.ArrayList<>();
        for (BackupUsage p : (Iterable<BackupUsage>) providers.orderedStream()::iterator) {
            all.addAll(of.apply(p));
        }
        return all;
    }

    /** The vCPUs and memory bytes of the VM as discovery reported them; 0 for what it did not report. */
    public long[] vmSize(long vmId) {
        return jdbc.queryForObject("SELECT COALESCE(cpus, 0), COALESCE(memory_bytes, 0) FROM vm_instance WHERE id = ?",
                (rs, i) -> new long[]{rs.getLong(1), rs.getLong(2)}, vmId);
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
        if (type == ResourceType.BACKUP || type == ResourceType.BACKUP_STORAGE) {
            return measure(type, backups(p -> p.ofAccount(accountId)),
                    unsized(p -> p.unsizedOfAccount(accountId)));
        }
        return usage(type, "v.account_id = ?", accountId);
    }

    /** The usage of the domain's accounts and its subdomains' accounts. */
    public long domainUsage(String domainPath, ResourceType type) {
        if (type == ResourceType.BACKUP || type == ResourceType.BACKUP_STORAGE) {
            List<Long> ids = jdbc.queryForList("SELECT id FROM domain WHERE path LIKE ?", Long.class,
                    like(domainPath));
            return measure(type, backups(p -> p.ofDomains(ids)), unsized(p -> p.unsizedOfDomains(ids)));
        }
        return usage(type, "v.domain_id IN (SELECT id FROM domain WHERE path LIKE ?)", like(domainPath));
    }

    private long measure(ResourceType type, BackupUsage.Used used, List<Long> unsizedVms) {
        if (type == ResourceType.BACKUP) {
            return used.backups();
        }
        long bytes = used.storedBytes();
        for (long vmId : unsizedVms) {
            bytes += expectedBackupBytes(vmId);
        }
        return bytes;
    }

    /**
     * What a backup of the VM is expected to occupy before it is taken, as CloudStack's backup framework
     * reckons it: the sum, over the VM's disks that are backed up (files), of their allocated size on
     * primary storage as discovery read it, or their virtual size when no allocation is known. An
     * incremental usually needs far less; the check is deliberately that of a full.
     */
    public long expectedBackupBytes(long vmId) {
        Long n = jdbc.queryForObject("SELECT COALESCE(SUM(IF(allocated_size > 0, allocated_size, virtual_size)), 0)"
                + " FROM volume WHERE vm_id = ? AND removed IS NULL AND storage_kind = 'FILE'", Long.class, vmId);
        return n == null ? 0 : n;
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

    private long usage(ResourceType type, String vmOwner, Object owner) {
        String what = switch (type) {
            case USER_VM -> "COUNT(*)";
            case CPU -> "COALESCE(SUM(v.cpus), 0)";
            case MEMORY -> "COALESCE(SUM(v.memory_bytes), 0)";
            default -> throw new IllegalArgumentException(type + " is counted by the backup providers");
        };
        Long n = jdbc.queryForObject("SELECT " + what + " FROM vm_instance v WHERE " + vmOwner
                + " AND v.removed IS NULL AND v.power_state = 'PowerOn'", Long.class, owner);
        return n == null ? 0 : n;
    }
}
