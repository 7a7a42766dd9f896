package io.kboss.plugin.backup.kboss.restore;

import io.kboss.agent.contract.AttachDiskAnswer;
import io.kboss.agent.contract.AttachDiskCommand;
import io.kboss.agent.contract.client.AgentCallException;
import io.kboss.server.backup.AgentChannel;

/**
 * Asks the VM's agent to attach a freshly restored volume file and says how it went. The file was
 * written by this restore for this attach only, so the agent is asked to delete it when the attach
 * fails: a failed restoreVolumeFromBackupAndAttachToVM leaves neither a row nor a file behind.
 * When the agent cannot be asked or does not answer, whether the disk got attached is unknown;
 * the caller then registers nothing and discovery, which reads the VM's real disks, decides.
 */
final class RestoredVolumeAttach {
    private RestoredVolumeAttach() {
    }

    /** The outcome: a target device when attached, else why not and what became of the file. */
    record Outcome(String targetDevice, String bus, boolean live, String failure) {
        boolean attached() {
            return failure == null;
        }
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
            return new Outcome(null, null, false, "the agent could not be asked to attach " + path + " ("
                    + e.getMessage() + "), so whether it is attached is unknown: the next discovery of the host "
                    + "shows it in listVolumes if it is; if not, delete " + path + " on the host");
        }
        if (!a.success) {
            return new Outcome(null, null, false, "attaching it failed: " + a.errorText + (a.fileRemoved
                    ? "; the restored file was deleted"
                    : "; the restored file " + path + " remains on the host, "
                            + "delete it"));
        }
        return new Outcome(a.targetDevice, a.bus, a.live, null);
    }
}
