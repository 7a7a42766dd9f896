/**
 * The kboss provider's usage history for the plots (issue 11 item 7): listBackupUsageHistory (a VM's
 * backups with when each was taken, how long it took and its size) and listAccountStorageHistory (an
 * account's stored bytes per day), both from what the backups and their operations already keep.
 */
package io.kboss.plugin.backup.kboss.usage;
