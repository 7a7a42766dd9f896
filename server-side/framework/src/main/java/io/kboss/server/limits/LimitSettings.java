package io.kboss.server.limits;

import io.kboss.server.settings.SettingsContributor;
import io.kboss.server.settings.domain.SettingDefinition;
import io.kboss.server.settings.domain.SettingScope;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The default limits of accounts and domains without a limit of their own (CloudStack's names and
 * defaults, checked against its Config and BackupManager: max.account.memory, not max.account.ram;
 * -1 = unlimited). Storage in GiB, memory in MiB, as updateResourceLimit takes them.
 */
@Component
public class LimitSettings implements SettingsContributor {
    public static final String CATEGORY = "Resource limits";

    public static final SettingDefinition<Long> ACCOUNT_BACKUPS = limit("max.account.backups", 20,
            "The default maximum number of backups an account may have (-1 = unlimited)");
    public static final SettingDefinition<Long> ACCOUNT_BACKUP_STORAGE = limit("max.account.backup.storage", 400,
            "The default maximum backup storage, in GiB, an account's backups may occupy (-1 = unlimited)");
    public static final SettingDefinition<Long> DOMAIN_BACKUPS = limit("max.domain.backups", 40,
            "The default maximum number of backups of a domain's accounts and subdomains (-1 = unlimited)");
    public static final SettingDefinition<Long> DOMAIN_BACKUP_STORAGE = limit("max.domain.backup.storage", 800,
            "The default maximum backup storage, in GiB, of a domain's accounts and subdomains (-1 = unlimited)");
    public static final SettingDefinition<Long> ACCOUNT_VMS = limit("max.account.user.vms", 20,
            "The default maximum number of running VMs of an account (-1 = unlimited)");
    public static final SettingDefinition<Long> ACCOUNT_CPUS = limit("max.account.cpus", 40,
            "The default maximum number of CPU cores of an account's running VMs (-1 = unlimited)");
    public static final SettingDefinition<Long> ACCOUNT_MEMORY = limit("max.account.memory", 40960,
            "The default maximum memory, in MiB, of an account's running VMs (-1 = unlimited)");
    public static final SettingDefinition<Long> DOMAIN_VMS = limit("max.domain.user.vms", 40,
            "The default maximum number of running VMs of a domain's accounts and subdomains (-1 = unlimited)");
    public static final SettingDefinition<Long> DOMAIN_CPUS = limit("max.domain.cpus", 80,
            "The default maximum number of CPU cores of a domain's running VMs (-1 = unlimited)");
    public static final SettingDefinition<Long> DOMAIN_MEMORY = limit("max.domain.memory", 81920,
            "The default maximum memory, in MiB, of a domain's running VMs (-1 = unlimited)");

    private static final List<SettingDefinition<?>> ALL = List.of(ACCOUNT_BACKUPS, ACCOUNT_BACKUP_STORAGE,
            DOMAIN_BACKUPS, DOMAIN_BACKUP_STORAGE, ACCOUNT_VMS, ACCOUNT_CPUS, ACCOUNT_MEMORY, DOMAIN_VMS, DOMAIN_CPUS,
            DOMAIN_MEMORY);

    private static SettingDefinition<Long> limit(String name, long value, String description) {
        return SettingDefinition.longValue(name, value).category(CATEGORY).scope(SettingScope.GLOBAL).min(-1)
                .description(description).build();
    }

    @Override
    public List<SettingDefinition<?>> settings() {
        return ALL;
    }
}
