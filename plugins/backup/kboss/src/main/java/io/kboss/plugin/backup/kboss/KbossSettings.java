package io.kboss.plugin.backup.kboss;

import io.kboss.server.backup.BackupFrameworkSettings;
import io.kboss.server.settings.SettingsContributor;
import io.kboss.server.settings.domain.SettingDefinition;
import io.kboss.server.settings.domain.SettingScope;
import java.util.List;

/**
 * The kboss provider's settings, with the defaults and scopes of the kboss plugin description.
 * Limits ("less than 1 = no limit") are left open below; timeouts, intervals and counts that make
 * no sense at 0 start at 1.
 */
public final class KbossSettings implements SettingsContributor {
    private static final String CATEGORY = BackupFrameworkSettings.CATEGORY;

    public static final SettingDefinition<Integer> REMOVED_SWEEP_INTERVAL = SettingDefinition
            .integer("backup.removed.sweep.interval", 600)
            .category(CATEGORY).scope(SettingScope.GLOBAL).min(1)
            .description("Interval, in seconds, at which each management server finishes deletions that stopped "
                    + "half way (backups left Removed: merged into their survivor, their files removed, Expunged)")
            .build();

    public static final SettingDefinition<Boolean> COMPRESSION_TASK_ENABLED = SettingDefinition
            .bool("backup.compression.task.enabled", true)
            .category(CATEGORY).scope(SettingScope.GLOBAL)
            .description(
                    "Whether the task that schedules backup compression jobs runs; if not, no compression job runs")
            .build();

    public static final SettingDefinition<Integer> COMPRESSION_MAX_PER_HOST = SettingDefinition
            .integer("backup.compression.max.concurrent.operations.per.host", 5)
            .category(CATEGORY).scope(SettingScope.CLUSTER)
            .description("Maximum number of compression jobs running at once on one host; less than 1 = no limit")
            .build();

    public static final SettingDefinition<Integer> COMPRESSION_MAX_PER_ZONE = SettingDefinition
            .integer("backup.compression.max.concurrent.operations", 10)
            .category(CATEGORY).scope(SettingScope.ZONE)
            .description("Maximum number of compression jobs running at once in the zone; less than 1 = no limit")
            .build();

    public static final SettingDefinition<Integer> COMPRESSION_MAX_RETRIES = SettingDefinition
            .integer("backup.compression.max.job.retries", 2)
            .category(CATEGORY).scope(SettingScope.ZONE).min(0)
            .description("Maximum number of attempts for a compression job").build();

    public static final SettingDefinition<Integer> COMPRESSION_RETRY_INTERVAL = SettingDefinition
            .integer("backup.compression.retry.interval", 60)
            .category(CATEGORY).scope(SettingScope.ZONE).min(1)
            .description("Interval, in minutes, between attempts of a compression job").build();

    public static final SettingDefinition<Integer> COMPRESSION_TIMEOUT = SettingDefinition
            .integer("backup.compression.timeout", 28800)
            .category(CATEGORY).scope(SettingScope.CLUSTER).min(1)
            .description("Timeout, in seconds, of a compression job, counted from when the job starts").build();

    public static final SettingDefinition<Double> COMPRESSION_MINIMUM_FREE_STORAGE = SettingDefinition
            .decimal("backup.compression.minimum.free.storage", 1.0)
            .category(CATEGORY).scope(SettingScope.ZONE).min(0)
            .description("Free space needed on the storage before compressing, as a multiple of the backup's size "
                    + "(1 = as much free space as the backup occupies); checked by the host")
            .build();

    /** qemu-img convert -m accepts 1 to 16 coroutines. */
    public static final SettingDefinition<Integer> COMPRESSION_COROUTINES = SettingDefinition
            .integer("backup.compression.coroutines", 1)
            .category(CATEGORY).scope(SettingScope.CLUSTER).min(1).max(16)
            .description("Number of coroutines of the compression process (qemu-img -m), each with its own thread")
            .build();

    public static final SettingDefinition<Integer> COMPRESSION_RATE_LIMIT = SettingDefinition
            .integer("backup.compression.rate.limit", 0)
            .category(CATEGORY).scope(SettingScope.CLUSTER)
            .description("Compression rate limit, in MB/s; less than 1 = no limit").build();

    public static final SettingDefinition<Boolean> VALIDATION_TASK_ENABLED = SettingDefinition
            .bool("backup.validation.task.enabled", true)
            .category(CATEGORY).scope(SettingScope.ACCOUNT)
            .description("Whether the task that schedules backup validation jobs runs; if not, no validation job runs")
            .build();

    public static final SettingDefinition<Integer> VALIDATION_INTERVAL = SettingDefinition
            .integer("backup.validation.interval", 24)
            .category(CATEGORY).scope(SettingScope.ACCOUNT).min(1)
            .description("Interval, in hours, between two validations of the same backup").build();

    public static final SettingDefinition<Integer> VALIDATION_MAX_PER_ZONE = SettingDefinition
            .integer("backup.validation.max.concurrent.operations", 10)
            .category(CATEGORY).scope(SettingScope.ZONE)
            .description("Maximum number of validation jobs running at once in the zone; less than 1 = no limit")
            .build();

    public static final SettingDefinition<Integer> VALIDATION_MAX_PER_HOST = SettingDefinition
            .integer("backup.validation.max.concurrent.operations.per.host", 1)
            .category(CATEGORY).scope(SettingScope.CLUSTER)
            .description("Maximum number of validation jobs running at once on one host; less than 1 = no limit")
            .build();

    public static final SettingDefinition<Integer> VALIDATION_MAX_RETRIES = SettingDefinition
            .integer("backup.validation.max.job.retries", 2)
            .category(CATEGORY).scope(SettingScope.ZONE).min(0)
            .description("Maximum number of attempts for a validation job whose attempt ended without a verdict "
                    + "(agent unreachable, job failed or timed out); then the backup is UnableToValidate")
            .build();

    public static final SettingDefinition<Integer> VALIDATION_RETRY_INTERVAL = SettingDefinition
            .integer("backup.validation.retry.interval", 60)
            .category(CATEGORY).scope(SettingScope.ZONE).min(1)
            .description("Interval, in minutes, between attempts of a validation job").build();

    public static final SettingDefinition<Integer> VALIDATION_TIMEOUT = SettingDefinition
            .integer("backup.validation.timeout", 3600)
            .category(CATEGORY).scope(SettingScope.CLUSTER).min(1)
            .description("Timeout, in seconds, of a whole validation job").build();

    public static final SettingDefinition<Integer> VALIDATION_BOOT_TIMEOUT = SettingDefinition
            .integer("backup.validation.boot.default.timeout", 240)
            .category(CATEGORY).scope(SettingScope.ACCOUNT).min(1)
            .description("Default timeout, in seconds, of the wait_for_boot validation step").build();

    public static final SettingDefinition<Integer> VALIDATION_SCRIPT_TIMEOUT = SettingDefinition
            .integer("backup.validation.script.default.timeout", 60)
            .category(CATEGORY).scope(SettingScope.ACCOUNT).min(1)
            .description("Default timeout, in seconds, of the execute_command validation step").build();

    public static final SettingDefinition<Integer> VALIDATION_SCREENSHOT_WAIT = SettingDefinition
            .integer("backup.validation.screenshot.default.wait", 60)
            .category(CATEGORY).scope(SettingScope.ACCOUNT).min(0)
            .description("Default wait, in seconds, before the screenshot validation step takes the screenshot")
            .build();

    public static final SettingDefinition<Boolean> VALIDATION_END_CHAIN_ON_FAIL = SettingDefinition
            .bool("backup.validation.end.chain.on.fail", true)
            .category(CATEGORY).scope(SettingScope.ACCOUNT)
            .description("Whether a failed validation ends the backup chain the backup belongs to").build();

    public static final SettingDefinition<Boolean> VALIDATION_ENFORCE_RESOURCE_LIMIT = SettingDefinition
            .bool("enforce.resource.limit.on.backup.validation.vm", false)
            .category(CATEGORY).scope(SettingScope.ACCOUNT)
            .description("If true, the creation of validation VMs is bound by the account's and its domains' "
                    + "resource limits (user_vm, cpu, memory): a validation whose VM would exceed one waits "
                    + "backup.validation.retry.interval minutes and tries again, then ends UnableToValidate")
            .build();

    public static final SettingDefinition<Integer> FILE_RESTORE_TIMEOUT = SettingDefinition
            .integer("backup.file.restore.timeout", 900)
            .category(CATEGORY).scope(SettingScope.ZONE).min(30)
            .description("Timeout, in seconds, of a file-level restore (listBackupFiles, extractBackupFile): its wait "
                    + "in the queue and its run on the host, where libguestfs reads the backup")
            .build();

    public static final SettingDefinition<Long> FILE_RESTORE_MAX_SIZE = SettingDefinition
            .longValue("backup.file.restore.max.size", 1024L * 1024 * 1024)
            .category(CATEGORY).scope(SettingScope.ACCOUNT).min(1)
            .description("The largest file or folder archive, in bytes, extractBackupFile copies out of a backup; a "
                    + "larger one is refused (the copy stops when it grows beyond it)")
            .build();

    public static final SettingDefinition<Integer> FILE_RESTORE_URL_EXPIRY = SettingDefinition
            .integer("backup.file.restore.url.expiry", 3600)
            .category(CATEGORY).scope(SettingScope.ZONE).min(60)
            .description("How long, in seconds, the download link of an extracted file works; then the copy is "
                    + "deleted from the image store")
            .build();

    public static final SettingDefinition<Integer> FILE_RESTORE_MAX_PER_HOST = SettingDefinition
            .integer("backup.file.restore.max.concurrent.operations.per.host", 2)
            .category(CATEGORY).scope(SettingScope.CLUSTER)
            .description("Maximum number of file-level restores a host runs at once (each boots a libguestfs "
                    + "appliance of about 1 GiB); values lower than 1 disable the limit")
            .build();

    private static final List<SettingDefinition<?>> ALL = List.of(REMOVED_SWEEP_INTERVAL,
            COMPRESSION_TASK_ENABLED, COMPRESSION_MAX_PER_HOST, COMPRESSION_MAX_PER_ZONE, COMPRESSION_MAX_RETRIES,
            COMPRESSION_RETRY_INTERVAL, COMPRESSION_TIMEOUT, COMPRESSION_MINIMUM_FREE_STORAGE, COMPRESSION_COROUTINES,
            COMPRESSION_RATE_LIMIT,
            VALIDATION_TASK_ENABLED, VALIDATION_INTERVAL, VALIDATION_MAX_PER_ZONE, VALIDATION_MAX_PER_HOST,
            VALIDATION_MAX_RETRIES, VALIDATION_RETRY_INTERVAL, VALIDATION_TIMEOUT, VALIDATION_BOOT_TIMEOUT,
            VALIDATION_SCRIPT_TIMEOUT, VALIDATION_SCREENSHOT_WAIT,
            VALIDATION_END_CHAIN_ON_FAIL, VALIDATION_ENFORCE_RESOURCE_LIMIT,
            FILE_RESTORE_TIMEOUT, FILE_RESTORE_MAX_SIZE, FILE_RESTORE_URL_EXPIRY, FILE_RESTORE_MAX_PER_HOST);

    @Override
    public List<SettingDefinition<?>> settings() {
        return ALL;
    }
}
