package io.kboss.agent.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * Flattens backup chains back into volumes. Restoring into the VM's own volumes needs the VM
 * stopped. The job's result is a {@link RestoreResult}.
 *
 * <p>Either no disk names a {@code destinationPath} (the VM's own disks, found by {@code vmUuid}),
 * or every disk does: the chains are written into those volumes, also for a VM libvirt no longer
 * knows (a transient VM that stopped: the server sends the disk paths it kept), with
 * {@code vmUuid} naming that VM (or null for a volume of no VM). A volume any domain of the host
 * uses is refused. All disks are restored or none: every copy completes before any volume is
 * replaced.
 */
public class RestoreBackupCommand extends JobCommand {
    public static final String NAME = "restore-backup";
    public String backupUuid;
    public String vmUuid;
    public StoreRef store;
    public List<RestoreDisk> disks = new ArrayList<>();

    @Override
    public String commandName() {
        return NAME;
    }
}
