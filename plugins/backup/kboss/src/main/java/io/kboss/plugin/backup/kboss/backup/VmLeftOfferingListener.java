package io.kboss.plugin.backup.kboss.backup;

/** Told when a VM is taken out of its backup offering, inside that change's transaction (backup jobs drop it). */
@FunctionalInterface
public interface VmLeftOfferingListener {

    void leftOffering(long vmId);
}
