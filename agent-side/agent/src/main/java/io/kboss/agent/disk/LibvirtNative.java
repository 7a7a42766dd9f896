package io.kboss.agent.disk;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The libvirt calls libvirt-java 0.5.4 does not bind, loaded from the same {@code virt} library.
 * Every domain pointer obtained here must be released with {@link #virDomainFree}.
 */
interface LibvirtNative extends Library {
    LibvirtNative INSTANCE = Native.load("virt", LibvirtNative.class);

    Pointer virDomainLookupByUUIDString(Pointer conn, String uuid);

    int virDomainFree(Pointer domain);

    int virDomainBlockPull(Pointer domain, String disk, NativeLong bandwidth, int flags);

    int virDomainFSFreeze(Pointer domain, Pointer mountpoints, int nmountpoints, int flags);

    int virDomainFSThaw(Pointer domain, Pointer mountpoints, int nmountpoints, int flags);

    /** The calling thread's last libvirt error message; libvirt keeps it per thread. */
    String virGetLastErrorMessage();
}
