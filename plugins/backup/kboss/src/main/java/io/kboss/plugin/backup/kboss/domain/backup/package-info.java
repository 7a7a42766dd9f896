/**
 * Plain rules of backup orchestration: where a backup's files go on secondary storage, what a
 * backup's type is called, and which VMs a KBOSS offering can protect. No framework imports.
 */
package io.kboss.plugin.backup.kboss.domain.backup;
