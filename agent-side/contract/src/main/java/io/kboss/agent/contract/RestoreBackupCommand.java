package io.kboss.agent.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * Flattens backup chains back into volumes. Restoring into the VM's own volumes needs the VM
 * stopped. The job's result is a {@link RestoreResult}.
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
