/**
 * Hosts, VMs and volumes of the standalone mode: KVM hosts whose kboss-agent paired with the
 * management server, and the libvirt domains and disks discovered on them.
 *
 * <h2>Commands</h2>
 * {@code addHost} (root admin: zoneid, clusterid, url of the agent, the one-time pairingcode it
 * printed), {@code listHosts}, {@code deleteHost}, {@code listVirtualMachines}, {@code listVolumes}
 * (users see their account's only), {@code assignVirtualMachine} (root admin: virtualmachineid,
 * account, domainid), {@code startVirtualMachine} and {@code stopVirtualMachine} (async, the VM's owner
 * or an admin; {@link io.kboss.server.host.VmPower}), {@code expungeVirtualMachine} (async, admins: forgets a
 * VM its host no longer defines, which discovery keeps while its transient domain is gone; its backups stay).
 * Discovered VMs belong to the admin account until given away.
 *
 * <h2>For other modules</h2>
 * <ul>
 *   <li>{@link io.kboss.server.host.AgentClients#forHost} gives the signed client of a host;
 *       {@link io.kboss.server.host.HostRepository} finds hosts (never their keys).</li>
 *   <li>{@link io.kboss.server.host.HostStatusListener} beans hear when a host goes Down (with the
 *       ids of its Queued, BackingUp or Restoring backups) and when it comes back Up.</li>
 *   <li>{@link io.kboss.server.host.HostMonitor#syncNow} discovers one host's VMs at once (tests,
 *       and callers that just changed a VM's disks); {@link io.kboss.server.host.VmRepository} reads
 *       vm_instance and volume.</li>
 *   <li>vm_instance.state: discovery and the lifecycle feed ({@link io.kboss.server.host.VmEventFollower})
 *       write Running/Stopped/Unknown only (stopVirtualMachine also Stopping); BackingUp, BackupError
 *       and Restoring belong to the backup lifecycle and are never overwritten by either.
 *       vm_instance.disk_set_fingerprint changes whenever a disk is added, removed or resized.</li>
 * </ul>
 *
 * <h2>Settings</h2>
 * {@code host.ping.interval} (s, 60), {@code host.ping.timeout} (missed pings to Down, 3),
 * {@code vm.sync.interval} (s, 60), {@code vm.events.interval} (s, 1: how often every Up host's VM
 * lifecycle feed is read); all global and applied at once when changed. With several management
 * servers, only the holder of a database lock ({@link io.kboss.server.host.MonitorLeadership}) pings,
 * syncs and follows the feeds, so a miss counts once; another server takes over when it stops.
 *
 * <h2>Secrets</h2>
 * The agent channel key is stored sealed with AES-GCM under {@code <work>/host-channel.key}
 * ({@link io.kboss.server.host.ChannelKeySeal}); it is never logged, listed or returned. Several
 * management servers on one database must share that file.
 */
package io.kboss.server.host;
