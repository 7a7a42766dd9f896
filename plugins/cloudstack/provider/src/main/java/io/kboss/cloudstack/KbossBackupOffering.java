package io.kboss.cloudstack;

import java.util.Date;
import org.apache.cloudstack.backup.BackupOffering;

/**
 * A kboss-server offering as CloudStack's listBackupProviderOfferings shows it, for
 * importBackupOffering: its external id is the kboss offering's id. It is not a row of CloudStack's
 * backup_offering table (id -1) until it is imported.
 */
final class KbossBackupOffering implements BackupOffering {
    private final io.kboss.client.model.BackupOffering offering;
    private final long zoneId;

    KbossBackupOffering(io.kboss.client.model.BackupOffering offering, long zoneId) {
        this.offering = offering;
        this.zoneId = zoneId;
    }

    @Override
    public String getExternalId() {
        return offering.id();
    }

    @Override
    public String getName() {
        return offering.name();
    }

    /** The kboss description, with the options CloudStack's offering has no field for. */
    @Override
    public String getDescription() {
        StringBuilder d = new StringBuilder(offering.description() == null ? "" : offering.description());
        d.append(" [kboss: chains of ").append(offering.backupChainSize() == 0
                ? "the zone's backup.chain.size"
                : offering.backupChainSize());
        if (offering.compress()) {
            d.append(", compressed with ").append(offering.compressionLibrary());
        }
        if (offering.validate()) {
            d.append(", validated by ").append(offering.validationSteps());
        }
        if (offering.allowQuickRestore()) {
            d.append(", quick restore");
        }
        return d.append(']').toString();
    }

    @Override
    public long getZoneId() {
        return zoneId;
    }

    @Override
    public boolean isUserDrivenBackupAllowed() {
        return offering.allowUserDrivenBackups();
    }

    @Override
    public String getProvider() {
        return KbossBackupProvider.NAME;
    }

    @Override
    public Date getCreated() {
        return offering.created() == null ? null : Date.from(offering.created());
    }

    @Override
    public String getUuid() {
        return offering.id();
    }

    @Override
    public long getId() {
        return -1;
    }
}
