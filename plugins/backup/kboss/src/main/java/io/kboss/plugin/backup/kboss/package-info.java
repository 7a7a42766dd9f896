/**
 * The kboss backup provider: incremental backups of KVM VMs to secondary storage, run by the agents.
 *
 * <p>{@link io.kboss.plugin.backup.kboss.KbossBackupProvider} is what the framework calls (its generic
 * commands and schedules); {@link io.kboss.plugin.backup.kboss.KbossPluginConfiguration} wires the
 * plugin's beans ({@code @Configuration} classes with {@code @Bean} methods, one per package that needs
 * them), and {@link io.kboss.plugin.backup.kboss.KbossSettings} its settings. The plugin reaches the
 * framework only through its SPI packages ({@code io.kboss.server.api}, {@code .backup},
 * {@code .operation}, {@code .settings}) and runs SQL only on its own tables ({@code backup},
 * {@code backup_volume}, {@code backup_chain}, {@code backup_delete_step}, {@code backup_offering} and
 * its details and version); {@code PluginArchitectureTest} holds it to both.
 *
 * <p>Packages: {@code backup} (taking backups: the BACKUP kind, listing, chains, assignment),
 * {@code restore} (RESTORE and VOLUME_RESTORE), {@code delete} (deleteBackup, retention's execution and
 * the sweep of Removed backups: the DELETE kind), {@code operation} (following agent jobs, the ports
 * every handler uses), {@code offering} (the kboss offering commands), and {@code domain} (the plain-Java
 * rules: lifecycle, chains, deletion and retention plans, offerings).
 *
 * <p>API commands are one class each, as CloudStack's are; what a group of them shares lives once:
 * {@link io.kboss.plugin.backup.kboss.FixedSpecCommand} (the spec and {@code spec()}), and per package a
 * base with the group's services and preamble ({@code backupjob.api.BackupJobCommand},
 * {@code offering.api.OfferingChangeCommand}, {@code filerestore.api.FileRestoreCommand}). A command class
 * then holds its parameters and its one piece of work.
 */
package io.kboss.plugin.backup.kboss;
