package io.kboss.agent.contract;

/** One lifecycle change of a VM of this host. */
public class VmEvent {
    /** Increases by one per event within a feed. */
    public long sequence;
    /** When the agent received it from libvirt (epoch ms). */
    public long atMillis;
    public String vmUuid;
    public String vmName;
    public VmEventKind kind;
    /** libvirt's detail of the kind, e.g. BOOTED, SHUTDOWN, DESTROYED, CRASHED, ADDED; may be null. */
    public String detail;
    /** The VM's state as libvirt gave it when the agent handled the event; SHUTOFF when it is gone. */
    public VmState state;
    /**
     * False when libvirt no longer knows the VM: it was undefined, or it was a transient domain
     * (CloudStack runs its VMs so) that stopped. Such a VM can still be restored from its disk
     * paths, and quick-restored or started from the domain XML the server kept.
     */
    public boolean exists;
    /** Whether libvirt keeps a definition of it when it stops (false: transient). */
    public boolean persistent;
}
