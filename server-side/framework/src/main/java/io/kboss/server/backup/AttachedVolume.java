package io.kboss.server.backup;

/** A volume a provider restored and attached to a VM, to register as the VM's data disk. */
public record AttachedVolume(String uuid, String name, long vmId, String device, String bus, String path,
        long virtualSize) {
}
