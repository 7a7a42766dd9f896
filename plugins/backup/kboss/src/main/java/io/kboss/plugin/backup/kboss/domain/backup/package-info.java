/**
 * Plain rules of taking backups: where a backup's files go on secondary storage, and which VMs a KBOSS
 * offering can protect. No framework imports.
 */
package io.kboss.plugin.backup.kboss.domain.backup;
