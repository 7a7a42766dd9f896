package io.kboss.server.backup;

/**
 * A backup provider, shaped like CloudStack's {@code org.apache.cloudstack.backup.BackupProvider}:
 * a Spring bean the {@link BackupProviderRegistry} finds by {@link #name()}. A zone uses the
 * provider named by its {@code backup.framework.provider.plugin} setting.
 *
 * <p>Contract so far: a provider has a unique lower-case name and a description shown by
 * {@code listBackupProviders}. The backup operations (take, restore, delete, metrics) are added to
 * this interface when the backup lifecycle exists (issue 4); until then a provider's commands live
 * in its plugin and ask the registry whether the zone uses them ({@link
 * BackupProviderRegistry#providerOfZone}).
 */
public interface BackupProvider {

    /** The provider's name as settings and the API spell it, e.g. {@code kboss}. */
    String name();

    String description();
}
