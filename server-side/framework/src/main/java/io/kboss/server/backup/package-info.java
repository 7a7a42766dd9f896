/**
 * The backup-provider framework: the {@link io.kboss.server.backup.BackupProvider} SPI, the
 * {@link io.kboss.server.backup.BackupProviderRegistry} of provider beans, the framework's own
 * settings ({@link io.kboss.server.backup.BackupFrameworkSettings} and
 * {@code backup.framework.provider.plugin}) and {@code listBackupProviders}.
 *
 * <p>A plugin registers its provider by declaring it as a bean in its {@code @Configuration}; its
 * commands ask {@link io.kboss.server.backup.BackupProviderRegistry#providerOfZone} which provider
 * a zone uses (refused with 431 when the framework is disabled there or the named provider is not
 * installed), read settings through {@link io.kboss.server.settings.Settings}, turn a
 * {@code zoneid} into a zone with {@link io.kboss.server.inventory.Zones}, and find the caller in
 * {@link io.kboss.server.api.ApiCall#caller()}.
 */
package io.kboss.server.backup;
