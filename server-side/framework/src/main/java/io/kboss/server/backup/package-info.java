/**
 * The backup-provider framework and its SPI: what a backup provider plugin implements and uses.
 *
 * <ul>
 * <li>{@link io.kboss.server.backup.BackupProvider}: CloudStack's provider operations (assign and remove a
 *     VM, take, list, restore, restore a volume, delete), called by the framework's generic commands
 *     ({@code io.kboss.server.backup.api}) and schedules ({@code io.kboss.server.backup.schedule}) for the
 *     zones whose {@code backup.framework.provider.plugin} names the provider
 *     ({@link io.kboss.server.backup.BackupProviderRegistry}; 431 when the framework is disabled there).
 *     Its parameter objects and answers: {@link io.kboss.server.backup.TakeBackup},
 *     {@link io.kboss.server.backup.BackupQueued}, {@link io.kboss.server.backup.BackupQuery},
 *     {@link io.kboss.server.backup.BackupPage}, {@link io.kboss.server.backup.BackupView},
 *     {@link io.kboss.server.backup.RestoreBackup}, {@link io.kboss.server.backup.RestoreVolume}.</li>
 * <li>Ports onto the framework's tables, so a provider runs no SQL on them:
 *     {@link io.kboss.server.backup.VmInventory} (VMs and volumes), {@link io.kboss.server.backup.ImageStores},
 *     {@link io.kboss.server.backup.Directory} (zones, domains, accounts, hosts),
 *     {@link io.kboss.server.backup.BackupSchedules}, {@link io.kboss.server.backup.AgentChannels} (a host's
 *     agent), and the queue ({@link io.kboss.server.operation.OperationQueue}).</li>
 * <li>The backup kinds of work and their limits ({@link io.kboss.server.backup.BackupOperations}) and the
 *     framework's settings ({@link io.kboss.server.backup.BackupFrameworkSettings}).</li>
 * <li>Helpers every provider needs: {@link io.kboss.server.backup.Transactions} (work that may refuse
 *     with an ApiException, retried on deadlock), {@link io.kboss.server.backup.VmAccess},
 *     {@link io.kboss.server.backup.ScheduleColumns} (a schedule's columns and the claim of its firings, for
 *     a provider that keeps schedules of its own).</li>
 * </ul>
 *
 * <p>Tables: the framework owns the inventory ({@code vm_instance}, {@code volume}, {@code host},
 * {@code zone}, {@code image_store}), accounts and domains, {@code async_job}, {@code mshost},
 * {@code operation} and {@code operation_limit_group}, {@code backup_schedule} and its firings, and the
 * settings; a provider owns its backups and offerings (for kboss: {@code backup}, {@code backup_volume},
 * {@code backup_chain}, {@code backup_delete_step}, {@code backup_offering} with its details and
 * version). {@code docs/ARCHITECTURE.md} has the whole picture.
 */
package io.kboss.server.backup;
