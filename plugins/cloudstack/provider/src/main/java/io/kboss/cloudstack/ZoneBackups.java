package io.kboss.cloudstack;

import io.kboss.client.model.Backup;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What kboss-server held at one backup sync, by VM: the restorable backups (BackedUp, or Restoring,
 * which are being read and stay valid) of each libvirt domain name. One listing serves the whole
 * sync round of a zone, instead of a call per VM.
 */
final class ZoneBackups {
    private final Map<String, List<Backup>> byVmName;

    private ZoneBackups(Map<String, List<Backup>> byVmName) {
        this.byVmName = byVmName;
    }

    static ZoneBackups of(List<Backup> listed) {
        return new ZoneBackups(listed.stream().filter(Backup::restorable).filter(b -> b.virtualMachineName() != null)
                .collect(Collectors.groupingBy(Backup::virtualMachineName)));
    }

    /** The VM's restorable backups, oldest first; none when kboss holds none of it. */
    List<Backup> ofVm(String instanceName) {
        return byVmName.getOrDefault(instanceName, List.of());
    }

    Optional<Backup> byId(String instanceName, String backupId) {
        return ofVm(instanceName).stream().filter(b -> backupId.equals(b.id())).findFirst();
    }

    /** The names of the VMs that have restorable backups. */
    java.util.Set<String> vmNames() {
        return byVmName.keySet();
    }
}
