package io.kboss.server.limits;

import io.kboss.server.settings.domain.SettingDefinition;
import io.kboss.server.api.ApiErrorCode;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CsErrorCode;
import io.kboss.server.backup.BackupLimits;
import io.kboss.server.backup.Transactions;
import io.kboss.server.backup.ValidationVmLimits;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Account and domain limits (CloudStack's resource limits) and the check that holds them. An account's
 * limit is the one set for it with updateResourceLimit, else its max.account.* setting; a domain's the
 * one set for it, else its max.domain.* setting; ROOT is unlimited, as are root administrators' accounts
 * (CloudStack does not count them). A domain's limit bounds the sum of its accounts and subdomains.
 *
 * <p>{@link #reserve} must run in the transaction that creates the resource: it locks the account's row
 * and the rows of its domains that have a finite limit, then counts, so concurrent requests of one
 * account (or domain) are serialized and the count each sees includes what the others committed (the
 * pool runs READ COMMITTED). Nothing is stored: the new row itself is the reservation.
 */
@Component
public class ResourceLimits implements ValidationVmLimits, BackupLimits {
    private final ResourceLimitRepository limits;
    private final Settings settings;
    private final JdbcTemplate jdbc;

    private final TransactionTemplate tx;

    public ResourceLimits(ResourceLimitRepository limits, Settings settings, JdbcTemplate jdbc,
            TransactionTemplate tx) {
        this.limits = limits;
        this.settings = settings;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** An account as the limits see it. */
    public record Owner(long accountId, String accountName, boolean rootAdmin, long domainId, String domainPath) {
    }

    /** A domain with its path, ROOT ('/') first when listed with its ancestors. */
    public record DomainOwner(long id, String uuid, String name, String path) {
        boolean isRoot() {
            return "/".equals(path);
        }
    }

    public Owner owner(long accountId) {
        return jdbc.queryForObject("SELECT a.id, a.name, a.role, d.id, d.path FROM account a JOIN domain d "
                + "ON d.id = a.domain_id WHERE a.id = ?",
                (rs, i) -> new Owner(rs.getLong(1), rs.getString(2),
                        "ROOT_ADMIN".equals(rs.getString(3)), rs.getLong(4), rs.getString(5)),
                accountId);
    }

    /** The account's limit in the API's unit; -1 = unlimited. */
    public long accountLimit(Owner a, ResourceType type) {
        if (a.rootAdmin()) {
            return -1;
        }
        OptionalLong set = limits.accountLimit(a.accountId(), type);
        return set.isPresent()
                ? set.getAsLong()
                : settings.value(accountDefault(type),
                        ScopeChain.GLOBAL_ONLY);
    }

    /** The domain's limit in the API's unit; -1 = unlimited. */
    public long domainLimit(DomainOwner d, ResourceType type) {
        if (d.isRoot()) {
            return -1;
        }
        OptionalLong set = limits.domainLimit(d.id(), type);
        return set.isPresent()
                ? set.getAsLong()
                : settings.value(domainDefault(type),
                        ScopeChain.GLOBAL_ONLY);
    }

    /** The setting giving an account's default limit of {@code type}. */
    private static SettingDefinition<Long> accountDefault(ResourceType type) {
        return switch (type) {
            case BACKUP -> LimitSettings.ACCOUNT_BACKUPS;
            case BACKUP_STORAGE -> LimitSettings.ACCOUNT_BACKUP_STORAGE;
            case USER_VM -> LimitSettings.ACCOUNT_VMS;
            case CPU -> LimitSettings.ACCOUNT_CPUS;
            case MEMORY -> LimitSettings.ACCOUNT_MEMORY;
        };
    }

    /** The setting giving a domain's default limit of {@code type}. */
    private static SettingDefinition<Long> domainDefault(ResourceType type) {
        return switch (type) {
            case BACKUP -> LimitSettings.DOMAIN_BACKUPS;
            case BACKUP_STORAGE -> LimitSettings.DOMAIN_BACKUP_STORAGE;
            case USER_VM -> LimitSettings.DOMAIN_VMS;
            case CPU -> LimitSettings.DOMAIN_CPUS;
            case MEMORY -> LimitSettings.DOMAIN_MEMORY;
        };
    }

    /** The account's usage in the API's unit (storage in GiB and memory in MiB, rounded up). */
    public long accountUsage(Owner a, ResourceType type) {
        return inUnits(limits.accountUsage(a.accountId(), type), type);
    }

    public long domainUsage(DomainOwner d, ResourceType type) {
        return inUnits(limits.domainUsage(d.path(), type), type);
    }

    static long inUnits(long measured, ResourceType type) {
        return (measured + type.unit() - 1) / type.unit();
    }

    /** The domain and its ancestors, ROOT first. */
    public List<DomainOwner> domainAndAncestors(String path) {
        List<String> paths = new ArrayList<>();
        paths.add("/");
        for (int i = 1; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                paths.add(path.substring(0, i + 1));
            }
        }
        String marks = String.join(", ", java.util.Collections.nCopies(paths.size(), "?"));
        return jdbc.query("SELECT id, uuid, name, path FROM domain WHERE removed IS NULL AND path IN (" + marks
                + ") ORDER BY CHAR_LENGTH(path)",
                (rs, i) -> new DomainOwner(rs.getLong(1), rs.getString(2),
                        rs.getString(3), rs.getString(4)),
                paths.toArray());
    }

    /**
     * Checks that the account may take {@code amount} more of {@code type} (in the measured unit: bytes for
     * storage and memory) within its own and its domains' limits, holding the row locks that keep the
     * answer true until the caller's transaction ends. Must run inside that transaction.
     *
     * @throws ApiException 535 naming the limit and the usage, when over
     */
    public void reserve(long accountId, ResourceType type, long amount) throws ApiException {
        reserve(accountId, type, amount, null);
    }

    /**
     * Checks that a validation VM of the VM's vCPUs and memory fits the account's and its domains' user_vm,
     * cpu and memory limits, counting the running VMs and the validation VMs of the other running
     * validation operations (not {@code operationId}'s own), under the same row locks as {@link #reserve},
     * in a transaction of its own. A size that discovery has not reported counts as 0 for cpu and memory.
     */
    @Override
    public void reserveValidationVm(long accountId, long vmId, long operationId) throws ApiException {
        Transactions.run(tx, () -> {
            long[] size = limits.vmSize(vmId);
            reserve(accountId, ResourceType.USER_VM, 1, operationId);
            reserve(accountId, ResourceType.CPU, size[0], operationId);
            reserve(accountId, ResourceType.MEMORY, size[1], operationId);
            return null;
        });
    }

    private void reserve(long accountId, ResourceType type, long amount, Long validation) throws ApiException {
        if (validation != null && amount == 0) {
            return; // a size discovery has not reported: nothing to count
        }
        limits.lockAccount(accountId);
        Owner a = owner(accountId);
        long max = accountLimit(a, type);
        if (max >= 0) {
            long used = validation == null
                    ? limits.accountUsage(accountId, type)
                    : limits.accountVmUsage(accountId, type, validation);
            if (over(used, amount, max, type)) {
                throw exceeded(type, "account " + a.accountName(), max, used, amount);
            }
        }
        if (a.rootAdmin()) {
            return;
        }
        for (DomainOwner d : domainAndAncestors(a.domainPath())) {
            long dmax = domainLimit(d, type);
            if (dmax < 0) {
                continue;
            }
            limits.lockDomain(d.id());
            long used = validation == null
                    ? limits.domainUsage(d.path(), type)
                    : limits.domainVmUsage(d.path(), type, validation);
            if (over(used, amount, dmax, type)) {
                throw exceeded(type, "domain " + d.path(), dmax, used, amount);
            }
        }
    }

    /**
     * Checks that the account may have one more backup of the VM: within its backup count limits, and with
     * the VM's expected backup size ({@link ResourceLimitRepository#expectedBackupBytes}: its disks'
     * allocated size, as CloudStack's backup framework checks backup_storage before a backup) on top of
     * the storage in use, which counts backups taken at their size and backups queued or running at their
     * VM's expected size. A VM with no known disk size is checked as before: refused once the storage in
     * use has reached the limit.
     */
    @Override
    public void reserveBackup(long accountId, long vmId) throws ApiException {
        reserve(accountId, ResourceType.BACKUP, 1);
        reserve(accountId, ResourceType.BACKUP_STORAGE, limits.expectedBackupBytes(vmId));
    }

    /**
     * Whether {@code amount} more is over {@code max} (in API units). An amount of 0 (a backup whose size
     * is not known before it is taken) is over once the usage has reached the limit.
     */
    private static boolean over(long used, long amount, long max, ResourceType type) {
        long limit = max * type.unit();
        return amount == 0 ? used >= limit : used + amount > limit;
    }

    private static ApiException exceeded(ResourceType type, String owner, long max, long used, long amount) {
        String needs = type == ResourceType.BACKUP_STORAGE && amount > 0
                ? ", and this backup is expected to need " + gib(amount) + " GiB more (its VM's disks' allocated size)"
                : "";
        return new ApiException(ApiErrorCode.RESOURCE_ALLOCATION, CsErrorCode.RESOURCE_ALLOCATION,
                "Maximum number of resources of type '" + type.csName() + "' for " + owner + " has been exceeded: "
                        + "the limit is " + max + unitName(type) + " and " + inUnits(used, type) + unitName(type)
                        + " are in use" + needs + "; delete some or ask an administrator to raise the limit with "
                        + "updateResourceLimit");
    }

    /** Bytes in GiB with two decimals, for messages (an expected size is rarely a whole GiB). */
    static String gib(long bytes) {
        return java.math.BigDecimal.valueOf(bytes).divide(java.math.BigDecimal.valueOf(1L << 30), 2,
                java.math.RoundingMode.UP).toPlainString();
    }

    static String unitName(ResourceType type) {
        return switch (type) {
            case BACKUP_STORAGE -> " GiB";
            case MEMORY -> " MiB";
            default -> "";
        };
    }
}
