/**
 * The agent's disk engine: backups, restores, quick restores, chain maintenance and crash repair
 * of KVM VMs' disks, with libvirt (libvirt-java plus a small JNA binding for block pull and
 * fsfreeze/thaw) and qemu-img / qemu-nbd run as argument lists with timeouts.
 *
 * <p>Start from {@link io.kboss.agent.disk.DiskEngine}: {@code backups()} ({@link
 * io.kboss.agent.disk.VmBackups}), {@code restores()} ({@link io.kboss.agent.disk.Restores}),
 * {@code quickRestores()} ({@link io.kboss.agent.disk.QuickRestores}), {@code chains()} ({@link
 * io.kboss.agent.disk.ChainMaintenance}) and {@code repairs()} ({@link
 * io.kboss.agent.disk.JobRepair}). Requests and results are plain values in
 * {@code io.kboss.agent.disk.domain}; every operation blocks, reports progress through a
 * {@link io.kboss.agent.disk.domain.ProgressListener} and stops on a
 * {@link io.kboss.agent.domain.CancelToken}. Failures are
 * {@link io.kboss.agent.disk.domain.DiskOperationException}s that say whether the VM's disks are
 * consistent. Nothing here knows HTTP, JSON wire classes or jobs: the agent's command handlers
 * translate.
 */
package io.kboss.agent.disk;
