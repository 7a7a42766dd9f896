/**
 * KBOSS backup offerings: createBackupOffering, listBackupOfferings, updateBackupOffering and
 * deleteBackupOffering (the plugin's own commands, in {@code offering.api}), the service that applies the
 * domain's OfferingRules under the offering's row lock, and their storage ({@code offering.jdbc}:
 * {@code backup_offering}, its details and version).
 */
package io.kboss.plugin.backup.kboss.offering;
