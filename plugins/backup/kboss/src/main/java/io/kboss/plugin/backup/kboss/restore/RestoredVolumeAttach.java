package io.kboss.plugin.backup.kboss.restore;

import io.kboss.agent.contract.AttachDiskAnswer;
import io.kboss.agent.contract.AttachDiskCommand;
import io.kboss.agent.contract.client.AgentCallException;
import io.kboss.server.backup.AgentChannel;
import io.kboss.server.backup.DiskRef;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Asks the VM's agent to attach a freshly restored volume file and says how it went. The file was
 * written by this restore for this attach only, so the agent is asked to delete it when the attach
 * fails: a failed restoreVolumeFromBackupAndAttachToVM leaves neither a row nor a file behind.
 * When the agent cannot be asked or does not answer, whether the disk got attached is unknown;
 * the caller then registers nothing and discovery, which reads the VM's real disks, decides.
 *
 * <p>A VM whose transient domain ended when it stopped (CloudStack's VMs) has no definition on its host
 * to attach to, and writing one would make a persistent domain its manager does not expect. Its volume
 * is recorded only ({@link #recordedOnly}): the VM's manager puts the file in the domain it defines at
 * the next start (CloudStack does, since it attaches the restored volume in its own records), and
 * discovery then finds it at the device recorded here.
 */
final class RestoredVolumeAttach {
    private RestoredVolumeAttach() {
    }

    /**
     * The outcome: a target device when attached (or recorded), else why not and what became of the file.
     *
     * @param inDomain false when no domain was changed: the VM's host no longer defines it
     */
    record Outcome(String targetDevice, String bus, boolean live, boolean inDomain, String failure) {
        boolean attached() {
            return failure == null;
        }
    }

    /**
     * For a VM its host no longer defines: the volume is given the first virtio device none of the VM's
     * volumes has (vdb, vdc, ...), as the agent's attach would choose, without asking the agent.
     */
    static Outcome recordedOnly(List<DiskRef> volumes, String path) {
        Set<String> taken = volumes.stream().map(DiskRef::device).collect(Collectors.toSet());
        for (char c = 'b'; c <= 'z'; c++) {
            if (!taken.contains("vd" + c)) {
                return new Outcome("vd" + c, "virtio", false, false, null);
            }
        }
        return new Outcome(null, null, false, false, "the VM already has a volume at every virtio device vdb to"
                + " vdz; the restored file " + path + " remains on the host, delete it, detach a volume and retry");
    }

    static Outcome attach(AgentChannel agent, String vmLibvirtUuid, String path) {
        AttachDiskCommand c = new AttachDiskCommand();
        c.vmUuid = vmLibvirtUuid;
        c.path = path;
        c.removeFileIfNotAttached = true;
        AttachDiskAnswer a;
        try {
            a = agent.execute(c);
        } catch (AgentCallException e) {
            return new Outcome(null, null, false, false, "the agent could not be asked to attach " + path + " ("
                    + e.getMessage() + "), so whether it is attached is unknown: the next discovery of the host "
                    + "shows it in listVolumes if it is; if not, delete " + path + " on the host");
        }
        if (!a.success) {
            return new Outcome(null, null, false, false, "attaching it failed: " + a.errorText + (a.fileRemoved
                    ? "; the restored file was deleted"
                    : "; the restored file " + path + " remains on the host, "
                            + "delete it"));
        }
        return new Outcome(a.targetDevice, a.bus, a.live, true, null);
    }
}
