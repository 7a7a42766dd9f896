package io.kboss.agent.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts qcow2 overlays backed by the backup chain in place of the VM's volumes, starts the VM, then
 * consolidates (block pull) in the background; the job ends when no disk depends on the store.
 */
public class QuickRestoreCommand extends JobCommand {
    public static final String NAME = "quick-restore";
    public String backupUuid;
    public String vmUuid;
    public StoreRef store;
    public List<RestoreDisk> disks = new ArrayList<>();
    /**
     * Instead of restoring: finish the consolidation of an earlier quick restore whose VM stopped
     * before it ended (starts the VM again). {@code disks} is then ignored.
     */
    public boolean resumeConsolidation;

    @Override
    public String commandName() {
        return NAME;
    }
}
