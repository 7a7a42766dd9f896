package io.kboss.plugin.backup.kboss.backup;

import io.kboss.server.backup.BackupUsage;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The kboss provider's backups as the account and domain limits count them: those Allocated, Queued,
 * BackingUp, BackedUp or Restoring, and the sum of their sizes on the store (compressed when compressed;
 * 0 while one is still being taken).
 */
public class KbossBackupUsage implements BackupUsage {
    private static final String COUNTED = "status IN ('Allocated', 'Queued', 'BackingUp', 'BackedUp', 'Restoring')";

    private final JdbcTemplate jdbc;

    public KbossBackupUsage(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Used ofAccount(long accountId) {
        return jdbc.queryForObject("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM backup WHERE account_id = ? AND "
                + COUNTED, (rs, i) -> new Used(rs.getLong(1), rs.getLong(2)), accountId);
    }

    @Override
    public Used ofDomains(Collection<Long> domainIds) {
        if (domainIds.isEmpty()) {
            return Used.NONE;
        }
        String marks = String.join(", ", Collections.nCopies(domainIds.size(), "?"));
        return jdbc.queryForObject("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM backup WHERE domain_id IN (" + marks
                + ") AND " + COUNTED, (rs, i) -> new Used(rs.getLong(1), rs.getLong(2)), domainIds.toArray());
    }

    private static final String UNSIZED = "status IN ('Allocated', 'Queued', 'BackingUp') AND size IS NULL";

    @Override
    public List<Long> unsizedOfAccount(long accountId) {
        return jdbc.queryForList("SELECT vm_id FROM backup WHERE account_id = ? AND " + UNSIZED, Long.class,
                accountId);
    }

    @Override
    public List<Long> unsizedOfDomains(Collection<Long> domainIds) {
        if (domainIds.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", Collections.nCopies(domainIds.size(), "?"));
        return jdbc.queryForList("SELECT vm_id FROM backup WHERE domain_id IN (" + marks + ") AND " + UNSIZED,
                Long.class, domainIds.toArray());
    }
}
