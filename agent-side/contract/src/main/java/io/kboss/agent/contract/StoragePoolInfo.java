package io.kboss.agent.contract;

/** A libvirt storage pool on the host (primary storage). */
public class StoragePoolInfo {
    public String name;
    public String uuid;
    /** libvirt's pool type: dir, fs, netfs, logical, rbd, ... */
    public String type;
    public String path;
    public boolean active;
    public long capacityBytes;
    public long allocationBytes;
    public long availableBytes;
}
