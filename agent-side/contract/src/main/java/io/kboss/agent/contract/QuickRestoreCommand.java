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
    /**
     * For a VM libvirt does not know (a transient VM that stopped; CloudStack runs its VMs so): the
     * definition to start it from, kept by the server (a backup's {@code domainXml}); its uuid must be
     * {@code vmUuid}. Each restored disk's volume is the file this definition names for it (a disk's
     * {@code destinationPath}, when given, must be that file) and must be qcow2; the volume is set
     * aside as {@code <volume>.replaced-volume} and the overlay takes its place, so a later start
     * from the cloud's own definition finds the restored disk where the volume was; the VM runs as
     * a transient domain. With {@code resumeConsolidation}, the VM is started from it when libvirt
     * does not know it. Ignored for a VM libvirt knows. Sent by servers since the lifecycle feed.
     */
    public String domainXml;

    @Override
    public String commandName() {
        return NAME;
    }
}
