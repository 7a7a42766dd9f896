package io.kboss.agent.disk;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.jna.Libvirt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to the local libvirtd plus the native calls libvirt-java lacks.
 *
 * <p>A connection is opened per engine operation and closed at its end: libvirtd may be restarted
 * between two operations (upgrades, the tests), and a fresh connection is the simplest way never
 * to hold a dead one. Opening costs milliseconds once libvirtd has probed QEMU.
 */
public final class Hypervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Hypervisor.class);
    private static volatile boolean errorCallbackInstalled;

    /** libvirt-java keeps the native connection pointer protected; this is the way to reach it. */
    private static final class NativeConnect extends Connect {
        NativeConnect(String uri) throws LibvirtException {
            super(uri);
        }

        Pointer pointer() {
            return vcp.getPointer();
        }
    }

    private final String uri;
    private final NativeConnect connect;

    private Hypervisor(String uri, NativeConnect connect) {
        this.uri = uri;
        this.connect = connect;
    }

    public static Hypervisor open(String uri) {
        installErrorCallback();
        try {
            return new Hypervisor(uri, new NativeConnect(uri));
        } catch (LibvirtException e) {
            throw new LibvirtCallException("cannot connect to libvirt at " + uri + ": " + e.getMessage()
                    + ". Check that libvirtd runs (bin/kboss-libvirt).", e);
        }
    }

    /**
     * Without a callback the binding prints every libvirt error to stderr, including the expected
     * ones (a missing checkpoint we are about to redefine). Errors still reach us as exceptions.
     */
    static synchronized void installErrorCallback() {
        if (errorCallbackInstalled) {
            return;
        }
        Libvirt.VirErrorCallback quiet = (userData, error) -> log.debug("libvirt error {}: {}", error.code,
                error.message);
        try {
            Connect.setErrorCallback(quiet);
        } catch (LibvirtException e) {
            throw new LibvirtCallException("cannot install the libvirt error callback: " + e.getMessage(), e);
        }
        errorCallbackInstalled = true;
    }

    public Connect connect() {
        return connect;
    }

    public String uri() {
        return uri;
    }

    /** The named VM, or a clear error when libvirt does not know it. */
    public Domain domain(String vmName) {
        try {
            return connect.domainLookupByName(vmName);
        } catch (LibvirtException e) {
            throw new LibvirtCallException("VM " + vmName + " is not defined in libvirt at " + uri + ": "
                    + e.getMessage(), e);
        }
    }

    /** Starts a pull of the disk's whole backing chain into its top image (virDomainBlockPull). */
    public void blockPull(Domain domain, String disk) {
        withNativeDomain(domain, "block pull of disk " + disk,
                p -> LibvirtNative.INSTANCE.virDomainBlockPull(p, disk, new NativeLong(0), 0));
    }

    /** Freezes all guest filesystems through the guest agent; returns how many were frozen. */
    public int fsFreeze(Domain domain) {
        return withNativeDomain(domain, "guest filesystem freeze",
                p -> LibvirtNative.INSTANCE.virDomainFSFreeze(p, null, 0, 0));
    }

    /** Thaws all guest filesystems; returns how many were thawed. */
    public int fsThaw(Domain domain) {
        return withNativeDomain(domain, "guest filesystem thaw",
                p -> LibvirtNative.INSTANCE.virDomainFSThaw(p, null, 0, 0));
    }

    private interface NativeCall {
        int call(Pointer domain);
    }

    private int withNativeDomain(Domain domain, String what, NativeCall call) {
        String name = nameOf(domain);
        Pointer p;
        try {
            p = LibvirtNative.INSTANCE.virDomainLookupByUUIDString(connect.pointer(), domain.getUUIDString());
        } catch (LibvirtException e) {
            throw new LibvirtCallException(what + " on VM " + name + " failed: " + e.getMessage(), e);
        }
        if (p == null) {
            throw new LibvirtCallException(what + " on VM " + name + " failed: "
                    + LibvirtNative.INSTANCE.virGetLastErrorMessage(), null);
        }
        try {
            int result = call.call(p);
            if (result < 0) {
                throw new LibvirtCallException(what + " on VM " + name + " failed: "
                        + LibvirtNative.INSTANCE.virGetLastErrorMessage(), null);
            }
            return result;
        } finally {
            LibvirtNative.INSTANCE.virDomainFree(p);
        }
    }

    static String nameOf(Domain domain) {
        try {
            return domain.getName();
        } catch (LibvirtException e) {
            return "(unknown)";
        }
    }

    @Override
    public void close() {
        try {
            connect.close();
        } catch (LibvirtException e) {
            log.warn("closing the libvirt connection to {} failed: {}", uri, e.getMessage());
        }
    }
}
