package io.kboss.server.backup;

import io.kboss.server.settings.domain.SettingDefinition;
import io.kboss.server.settings.domain.SettingScope;

/** The backup framework's own settings (names, defaults and scopes as DESIGN.md lists them). */
public final class BackupFrameworkSettings {
    public static final String CATEGORY = "Backup";

    public static final SettingDefinition<Boolean> ENABLED = SettingDefinition.bool("backup.framework.enabled", true)
            .category(CATEGORY).scope(SettingScope.ZONE)
            .description("Whether the backup framework is enabled in the zone").build();

    public static final SettingDefinition<Integer> CHAIN_SIZE = SettingDefinition.integer("backup.chain.size", 8)
            .category(CATEGORY).scope(SettingScope.ZONE)
            .description("Backups per chain: one full then incrementals. 1 = always full, less than 1 = unlimited. "
                    + "An offering's backupchainsize wins over this value")
            .build();

    public static final SettingDefinition<Integer> MAX_CONCURRENT = SettingDefinition
            .integer("backup.max.concurrent.operations", 5)
            .category(CATEGORY).scope(SettingScope.GLOBAL)
            .description("Cloud-wide limit on backup operations running at once: backups, restores, volume restores "
                    + "and deletes together (OpenNebula's MAX_BACKUPS); less than 1 = unlimited")
            .build();

    public static final SettingDefinition<Integer> MAX_CONCURRENT_PER_ZONE = SettingDefinition
            .integer("backup.max.concurrent.operations.per.zone", 0)
            .category(CATEGORY).scope(SettingScope.ZONE)
            .description("Limit on backup operations (backups, restores, volume restores, deletes) running at once "
                    + "in one zone; less than 1 = unlimited")
            .build();

    public static final SettingDefinition<Integer> MAX_CONCURRENT_PER_HOST = SettingDefinition
            .integer("backup.max.concurrent.operations.per.host", 2)
            .category(CATEGORY).scope(SettingScope.CLUSTER)
            .description("Limit on backup operations (backups, restores, volume restores, deletes) running at once "
                    + "on one host (OpenNebula's MAX_BACKUPS_HOST); less than 1 = unlimited")
            .build();

    /*
     * Each kind's own limits, on top of the group's above: an operation of the kind starts only when both have
     * room. 0 = no limit of the kind's own; negative values are refused (the group's settings take those as
     * unlimited, but nothing needs two spellings of "none" here).
     */
    public static final SettingDefinition<Integer> CREATE_MAX_CONCURRENT = perKind(
            "backup.create.max.concurrent.operations", SettingScope.GLOBAL,
            "Limit on backups (createBackup, schedules and backup jobs) running at once in the whole cloud"
                    + ", on top of backup.max.concurrent.operations; 0 = no limit of their own");

    public static final SettingDefinition<Integer> CREATE_MAX_CONCURRENT_PER_ZONE = perKind(
            "backup.create.max.concurrent.operations.per.zone", SettingScope.ZONE,
            "Limit on backups (createBackup, schedules and backup jobs) running at once in one zone"
                    + ", on top of backup.max.concurrent.operations.per.zone; 0 = no limit of their own");

    public static final SettingDefinition<Integer> CREATE_MAX_CONCURRENT_PER_HOST = perKind(
            "backup.create.max.concurrent.operations.per.host", SettingScope.CLUSTER,
            "Limit on backups (createBackup, schedules and backup jobs) running at once on one host"
                    + ", on top of backup.max.concurrent.operations.per.host; 0 = no limit of their own");

    public static final SettingDefinition<Integer> RESTORE_MAX_CONCURRENT = perKind(
            "backup.restore.max.concurrent.operations", SettingScope.GLOBAL,
            "Limit on restores of a VM (restoreBackup) running at once in the whole cloud"
                    + ", on top of backup.max.concurrent.operations; 0 = no limit of their own");

    public static final SettingDefinition<Integer> RESTORE_MAX_CONCURRENT_PER_ZONE = perKind(
            "backup.restore.max.concurrent.operations.per.zone", SettingScope.ZONE,
            "Limit on restores of a VM (restoreBackup) running at once in one zone"
                    + ", on top of backup.max.concurrent.operations.per.zone; 0 = no limit of their own");

    public static final SettingDefinition<Integer> RESTORE_MAX_CONCURRENT_PER_HOST = perKind(
            "backup.restore.max.concurrent.operations.per.host", SettingScope.CLUSTER,
            "Limit on restores of a VM (restoreBackup) running at once on one host"
                    + ", on top of backup.max.concurrent.operations.per.host; 0 = no limit of their own");

    public static final SettingDefinition<Integer> VOLUME_RESTORE_MAX_CONCURRENT = perKind(
            "backup.volume.restore.max.concurrent.operations", SettingScope.GLOBAL,
            "Limit on volume restores (restoreVolumeFromBackupAndAttachToVM) running at once in the whole cloud"
                    + ", on top of backup.max.concurrent.operations; 0 = no limit of their own");

    public static final SettingDefinition<Integer> VOLUME_RESTORE_MAX_CONCURRENT_PER_ZONE = perKind(
            "backup.volume.restore.max.concurrent.operations.per.zone", SettingScope.ZONE,
            "Limit on volume restores (restoreVolumeFromBackupAndAttachToVM) running at once in one zone"
                    + ", on top of backup.max.concurrent.operations.per.zone; 0 = no limit of their own");

    public static final SettingDefinition<Integer> VOLUME_RESTORE_MAX_CONCURRENT_PER_HOST = perKind(
            "backup.volume.restore.max.concurrent.operations.per.host", SettingScope.CLUSTER,
            "Limit on volume restores (restoreVolumeFromBackupAndAttachToVM) running at once on one host"
                    + ", on top of backup.max.concurrent.operations.per.host; 0 = no limit of their own");

    public static final SettingDefinition<Integer> DELETE_MAX_CONCURRENT = perKind(
            "backup.delete.max.concurrent.operations", SettingScope.GLOBAL,
            "Limit on deletes and merges (deleteBackup, retention, the sweep of Removed backups) running at once"
                    + " in the whole cloud"
                    + ", on top of backup.max.concurrent.operations; 0 = no limit of their own");

    public static final SettingDefinition<Integer> DELETE_MAX_CONCURRENT_PER_ZONE = perKind(
            "backup.delete.max.concurrent.operations.per.zone", SettingScope.ZONE,
            "Limit on deletes and merges (deleteBackup, retention, the sweep of Removed backups) running at once"
                    + " in one zone"
                    + ", on top of backup.max.concurrent.operations.per.zone; 0 = no limit of their own");

    public static final SettingDefinition<Integer> DELETE_MAX_CONCURRENT_PER_HOST = perKind(
            "backup.delete.max.concurrent.operations.per.host", SettingScope.CLUSTER,
            "Limit on deletes and merges (deleteBackup, retention, the sweep of Removed backups) running at once"
                    + " on one host"
                    + ", on top of backup.max.concurrent.operations.per.host; 0 = no limit of their own");

    public static final SettingDefinition<Integer> VM_FROM_BACKUP_MAX_CONCURRENT = perKind(
            "backup.vm.from.backup.max.concurrent.operations", SettingScope.GLOBAL,
            "Limit on new VMs made from a backup (createVMFromBackup) running at once in the whole cloud"
                    + ", on top of backup.max.concurrent.operations; 0 = no limit of their own");

    public static final SettingDefinition<Integer> VM_FROM_BACKUP_MAX_CONCURRENT_PER_ZONE = perKind(
            "backup.vm.from.backup.max.concurrent.operations.per.zone", SettingScope.ZONE,
            "Limit on new VMs made from a backup (createVMFromBackup) running at once in one zone"
                    + ", on top of backup.max.concurrent.operations.per.zone; 0 = no limit of their own");

    public static final SettingDefinition<Integer> VM_FROM_BACKUP_MAX_CONCURRENT_PER_HOST = perKind(
            "backup.vm.from.backup.max.concurrent.operations.per.host", SettingScope.CLUSTER,
            "Limit on new VMs made from a backup (createVMFromBackup) running at once on one host"
                    + ", on top of backup.max.concurrent.operations.per.host; 0 = no limit of their own");

    /**
     * Bounds every backup operation of the zone: how long it may wait in the queue, and then how long
     * its agent job may run. The name is the product's (KBOSS), whichever provider runs the work.
     */
    public static final SettingDefinition<Integer> TIMEOUT = SettingDefinition.integer("kboss.timeout", 43200)
            .category(CATEGORY).scope(SettingScope.ZONE).min(1)
            .description("Timeout, in seconds, of backup operations (backups, restores, volume restores, deletes): "
                    + "how long one may wait in the queue, then how long it may run on its host")
            .build();

    private BackupFrameworkSettings() {
    }

    private static SettingDefinition<Integer> perKind(String name, SettingScope scope, String description) {
        return SettingDefinition.integer(name, 0).category(CATEGORY).scope(scope).min(0).description(description)
                .build();
    }
}
