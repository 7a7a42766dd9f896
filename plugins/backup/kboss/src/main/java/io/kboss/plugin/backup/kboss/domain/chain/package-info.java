/**
 * Backup chains and the policy that decides full or incremental.
 *
 * <p>Rules:
 * <ul>
 * <li>A chain is one full backup followed by increments, each the parent of the next. Each backup schedule of a VM
 * has its own chain and manual backups have one more ({@link io.kboss.plugin.backup.kboss.domain.chain.ChainKey}).</li>
 * <li>Chain size: the offering's backupchainsize when above 0, otherwise the zone's backup.chain.size; 1 means
 * always full, below 1 unlimited. A chain of size N holds the full and N-1 increments.</li>
 * <li>The next backup is full, with its reason, when: it is isolated (then it joins no chain, takes no checkpoint
 * and leaves the open chain as it is); there is no chain on its key; the chain was ended (restore,
 * finishBackupChain, failed validation, removal from the offering); the VM's disk set changed (attach, detach,
 * resize); the chain's last backup is not BackedUp; or the chain is full. Otherwise it is an increment from the
 * tip's checkpoint.</li>
 * <li>A restore and finishBackupChain end every chain of the VM, since all share its disks.</li>
 * </ul>
 */
package io.kboss.plugin.backup.kboss.domain.chain;
