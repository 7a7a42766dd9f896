package io.kboss.agent.bench;

import java.nio.file.Path;
import java.util.List;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * A persistent TCG domain {@code kbt-bench-<name>} with one qcow2 virtio disk and no guest OS: it
 * sits in SeaBIOS, and guest writes go through QEMU's qemu-io on the HMP monitor (LAB.md), which
 * marks the dirty bitmaps exactly as a guest's writes would. Closing it destroys and undefines
 * the domain with its checkpoint metadata; its files belong to the caller.
 *
 * <p>Every call opens its own libvirt connection, as the engine does: teammates' tests restart the
 * shared libvirtd, and a connection held across that restart is dead.
 */
final class BenchVm implements AutoCloseable {
    static final String URI = "qemu:///system";
    static final String PREFIX = "kbt-bench-";
    private static final int UNDEFINE_SNAPSHOTS_METADATA = 1 << 1;
    private static final int UNDEFINE_CHECKPOINTS_METADATA = 1 << 4;

    final String name;

    private BenchVm(String name) {
        this.name = name;
    }

    /** A libvirt call on the domain, with a connection opened for it and closed after. */
    @FunctionalInterface
    interface DomainCall<T> {
        T call(Domain domain) throws LibvirtException;
    }

    <T> T on(DomainCall<T> call) throws LibvirtException {
        Connect c = new Connect(URI);
        try {
            return call.call(c.domainLookupByName(name));
        } finally {
            c.close();
        }
    }

    static BenchVm define(String shortName, Path disk) throws LibvirtException {
        String name = PREFIX + shortName;
        Connect c = new Connect(URI);
        try {
            removeLeftover(c, name);
            String xml = "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                    + "<os><type arch='x86_64' machine='pc'>hvm</type></os><on_poweroff>destroy</on_poweroff><devices>"
                    + "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='" + disk
                    + "'/><target dev='vda' bus='virtio'/></disk></devices></domain>";
            c.domainDefineXML(xml).free();
        } finally {
            c.close();
        }
        return new BenchVm(name);
    }

    /** Destroys and undefines a domain of that name left by an earlier, interrupted run. */
    static void removeLeftover(Connect c, String name) {
        try {
            Domain d = c.domainLookupByName(name);
            if (d.isActive() == 1) {
                d.destroy();
            }
            d.undefine(UNDEFINE_CHECKPOINTS_METADATA | UNDEFINE_SNAPSHOTS_METADATA);
        } catch (LibvirtException e) {
            // no domain of that name: the normal case
        }
    }

    void start() throws LibvirtException {
        on(Domain::create);
    }

    void stop() throws LibvirtException {
        on(d -> {
            if (d.isActive() == 1) {
                d.destroy();
            }
            return null;
        });
    }

    boolean running() throws LibvirtException {
        return on(d -> d.isActive() == 1);
    }

    void suspend() throws LibvirtException {
        on(d -> {
            d.suspend();
            return null;
        });
    }

    void resume() throws LibvirtException {
        on(d -> {
            d.resume();
            return null;
        });
    }

    /** A guest write of {@code len} bytes of {@code pattern} at {@code offset}. */
    void write(int pattern, long offset, long len) throws LibvirtException {
        writeAll(pattern, List.of(offset), len);
    }

    /** Guest writes of {@code len} bytes of {@code pattern} at each offset, over one libvirt connection. */
    void writeAll(int pattern, List<Long> offsets, long len) throws LibvirtException {
        on(d -> {
            for (long offset : offsets) {
                String reply = d.qemuMonitorCommand("qemu-io -d /machine/peripheral/virtio-disk0/virtio-backend"
                        + " \"write -P 0x" + Integer.toHexString(pattern) + " " + offset + " " + len + "\"", 1);
                if (reply != null && !reply.isBlank()) {
                    throw new IllegalStateException(
                            "qemu-io write into " + name + " at " + offset + " answered: " + reply.trim());
                }
            }
            return null;
        });
    }

    @Override
    public void close() throws LibvirtException {
        Connect c = new Connect(URI);
        try {
            removeLeftover(c, name);
        } finally {
            c.close();
        }
    }
}
