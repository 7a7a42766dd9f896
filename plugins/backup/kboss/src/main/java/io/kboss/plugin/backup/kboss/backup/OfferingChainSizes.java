package io.kboss.plugin.backup.kboss.backup;

import io.kboss.plugin.backup.kboss.domain.chain.ChainSize;
import io.kboss.plugin.backup.kboss.domain.offering.OfferingParameter;
import io.kboss.server.backup.BackupFrameworkSettings;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import org.springframework.jdbc.core.JdbcTemplate;

/** The chain size a backup is taken with: its offering's backupchainsize over the zone's backup.chain.size. */
public class OfferingChainSizes {
    private final JdbcTemplate jdbc;
    private final Settings settings;

    public OfferingChainSizes(JdbcTemplate jdbc, Settings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    public ChainSize effective(BackupRecord backup, long zoneId) {
        // The detail is written by the offering repository; absent means "use the zone's".
        Integer offering = jdbc.query("SELECT d.value FROM backup_offering_details d JOIN backup b"
                + " ON b.backup_offering_id = d.backup_offering_id WHERE b.id = ? AND d.name = ?",
                (rs, i) -> Integer.valueOf(rs.getString(1)), backup.id(), OfferingParameter.BACKUP_CHAIN_SIZE).stream()
                .findFirst().orElse(null);
        return ChainSize.resolve(offering, settings.value(BackupFrameworkSettings.CHAIN_SIZE, ScopeChain.zone(zoneId)));
    }
}
