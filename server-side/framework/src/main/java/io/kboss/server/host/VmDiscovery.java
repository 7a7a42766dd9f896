package io.kboss.server.host;

import io.kboss.agent.contract.ListVmsAnswer;
import io.kboss.agent.contract.ListVmsCommand;
import io.kboss.agent.contract.VmDiskInfo;
import io.kboss.agent.contract.VmInfo;
import io.kboss.agent.contract.client.AgentCallException;
import io.kboss.server.backup.AgentChannel;
import io.kboss.server.host.HostRepository.Host;
import io.kboss.server.host.VmRepository.Vm;
import io.kboss.server.host.VmRepository.Volume;
import io.kboss.server.host.domain.DiskSetFingerprint;
import io.kboss.server.host.domain.VmPowerState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings vm_instance and volume in line with what one host's libvirt has: new domains appear (owned
 * by the admin account until assignVirtualMachine gives them away), domains gone from the host are
 * removed (a transient one, whose VM merely stopped, is kept Stopped with its volumes), disk changes update the volumes and the disk-set fingerprint. Each VM is written in its
 * own transaction, so one bad VM does not hold back the others; two servers syncing one host at once
 * race on the live-domain-uuid unique key and the loser skips the VM.
 */
@Component
public class VmDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(VmDiscovery.class);

    private final Function<Host, AgentChannel> agents;
    private final VmRepository vms;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Map<Long, Object> hostLocks = new ConcurrentHashMap<>();

    @Autowired
    public VmDiscovery(AgentClients agents, VmRepository vms, TransactionTemplate tx, Clock clock) {
        this(h -> agents.forHost(h)::execute, vms, tx, clock);
    }

    /** With the agents' channels given: tests put a fake agent here, at the channel boundary. */
    VmDiscovery(Function<Host, AgentChannel> agents, VmRepository vms, TransactionTemplate tx, Clock clock) {
        this.agents = agents;
        this.vms = vms;
        this.tx = tx;
        this.clock = clock;
    }

    /** What one sync did. */
    public record SyncResult(int added, int updated, int removed) {
    }

    /**
     * Syncs one host now.
     *
     * @throws AgentCallException the agent could not be asked; nothing was changed
     */
    public SyncResult sync(Host host) throws AgentCallException {
        // One sync of a host at a time on this server (the rounds, the lifecycle feed, syncNow): a sync
        // that listed before a domain was defined must not remove the VM another one just registered.
        synchronized (hostLocks.computeIfAbsent(host.id(), id -> new Object())) {
            return syncAlone(host);
        }
    }

    private SyncResult syncAlone(Host host) throws AgentCallException {
        ListVmsAnswer answer = agents.apply(host).execute(new ListVmsCommand());
        if (!answer.success) {
            throw new AgentCallException("The agent of host " + host.name() + " could not list its VMs: "
                    + answer.errorText + " (" + answer.errorCode + "); check libvirtd on that host", false, null);
        }
        Instant now = clock.instant();
        int added = 0;
        int updated = 0;
        Set<String> seen = new HashSet<>();
        for (VmInfo info : answer.vms) {
            if (info.uuid == null) {
                continue;
            }
            seen.add(info.uuid);
            try {
                Boolean isNew = tx.execute(s -> apply(host, info, now));
                if (Boolean.TRUE.equals(isNew)) {
                    added++;
                } else {
                    updated++;
                }
            } catch (DuplicateKeyException raced) {
                LOG.debug("VM {} on host {} was registered by another server at the same time", info.name, host.name());
            }
        }
        int removed = 0;
        for (Vm known : vms.liveOnHost(host.id())) {
            if (seen.contains(known.domainUuid())) {
                continue;
            }
            if (!known.domainPersistent()) {
                // A transient domain ends when its VM stops (CloudStack's VMs): the VM is kept, Stopped with
                // its volumes, so that it can be restored by its disks' paths and started again.
                if (Boolean.TRUE.equals(tx.execute(s -> vms.markDomainGone(known.id(), known.state(),
                        VmPowerState.PowerOff.nextVmState(known.state()), now)))) {
                    LOG.info("VM {} ({}) had a transient domain, now gone from host {}: kept as stopped with its"
                            + " volumes", known.name(), known.uuid(), host.name());
                    updated++;
                }
                continue;
            }
            tx.executeWithoutResult(s -> vms.removeVm(known.id(), now));
            LOG.info("VM {} ({}) is no longer defined on host {}; marked removed, its backups are kept",
                    known.name(), known.uuid(), host.name());
            removed++;
        }
        return new SyncResult(added, updated, removed);
    }

    private boolean apply(Host host, VmInfo info, Instant now) {
        VmPowerState power = VmPowerState.fromLibvirt(info.state == null ? null : info.state.name());
        Vm vm = vms.findLiveByDomainUuid(info.uuid).orElse(null);
        boolean isNew = vm == null;
        if (isNew) {
            vms.insertVm(UUID.randomUUID().toString(), info.name, info.uuid, vms.adminAccount(), host.zoneId(),
                    host.id(),
                    power.nextVmState(null), power.name(), now);
            vm = vms.findLiveByDomainUuid(info.uuid).orElseThrow();
            LOG.info("Discovered VM {} ({}) on host {}", info.name, vm.uuid(), host.name());
        } else {
            String next = power.nextVmState(vm.state(), !"Stopping".equals(vm.state()) || vms.stopAwaited(vm.uuid()));
            if ("Stopping".equals(vm.state()) && "Running".equals(next)) {
                LOG.info("VM {} ({}) on host {} was Stopping with no stop waiting for it any more (its management"
                        + " server stopped during the wait); libvirt says {}: Running again", vm.name(), vm.uuid(),
                        host.name(), info.state);
            }
            vms.updateSeen(vm.id(), info.name, host.id(), host.zoneId(), vm.state(), next, power.name(), now);
        }
        vms.setDomainSeen(vm.id(), info.persistent);
        // The VM's size as libvirt reports it: the cpu and memory limits count it while it runs.
        vms.setSize(vm.id(), info.vcpus > 0 ? info.vcpus : null, info.memoryBytes > 0 ? info.memoryBytes : null);
        syncVolumes(vm, info, now);
        return isNew;
    }

    /** Disks are matched by guest device (vda, vdb...); CD-ROMs and floppies are not volumes. */
    private void syncVolumes(Vm vm, VmInfo info, Instant now) {
        Map<String, Volume> known = new HashMap<>();
        for (Volume v : vms.liveVolumes(vm.id())) {
            known.put(v.device(), v);
        }
        List<DiskSetFingerprint.Disk> fingerprint = new ArrayList<>();
        int deviceId = 0;
        for (VmDiskInfo disk : info.disks) {
            if (!"disk".equals(disk.deviceType) || disk.targetDevice == null) {
                continue;
            }
            String type = deviceId == 0 ? "ROOT" : "DATADISK";
            String kind = disk.storageKind == null ? "OTHER" : disk.storageKind.name();
            String path = disk.path == null ? "" : disk.path;
            Volume existing = known.remove(disk.targetDevice);
            String volumeUuid;
            if (existing == null) {
                volumeUuid = UUID.randomUUID().toString();
                vms.insertVolume(volumeUuid, vm.name() + "-" + disk.targetDevice, vm, disk.targetDevice, deviceId, type,
                        disk.bus, path, disk.format, disk.virtualSizeBytes, disk.allocatedSizeBytes, kind, now);
            } else {
                volumeUuid = existing.uuid();
                vms.updateVolume(existing.id(), deviceId, type, disk.bus, path, disk.format, disk.virtualSizeBytes,
                        disk.allocatedSizeBytes, kind);
            }
            fingerprint.add(new DiskSetFingerprint.Disk(volumeUuid, disk.virtualSizeBytes));
            deviceId++;
        }
        for (Volume gone : known.values()) {
            vms.removeVolume(gone.id(), now);
            LOG.info("Disk {} of VM {} is gone; volume {} marked removed", gone.device(), vm.name(), gone.uuid());
        }
        vms.setFingerprint(vm.id(), DiskSetFingerprint.of(fingerprint));
    }
}
