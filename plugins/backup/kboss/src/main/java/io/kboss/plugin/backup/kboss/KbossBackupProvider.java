package io.kboss.plugin.backup.kboss;

import io.kboss.server.backup.BackupProvider;

/**
 * The kboss provider as the framework's registry sees it. Its offerings are managed by the
 * plugin's own commands (createBackupOffering, ...), which check that the zone uses this provider.
 */
public class KbossBackupProvider implements BackupProvider {
    public static final String NAME = "kboss";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "KVM Backup on Secondary Storage: incremental backups of KVM VMs to secondary storage, "
                + "with compression, validation and quick restore";
    }
}
