package io.kboss.agent.contract;

/** How a VM disk is backed on the host; only FILE disks are backed up in this version. */
public enum DiskStorageKind {
    FILE, BLOCK, NETWORK, VOLUME, OTHER
}
