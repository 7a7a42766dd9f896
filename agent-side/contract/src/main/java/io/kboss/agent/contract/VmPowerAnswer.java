package io.kboss.agent.contract;

/** What start-vm and stop-vm did. */
public class VmPowerAnswer extends AgentAnswer {
    /** The VM's state after the call. */
    public VmState state;
    /** False when the VM already was as asked (running, or off). */
    public boolean changed;
    /** False when libvirt no longer knows the VM (a transient VM that was stopped). */
    public boolean exists;
}
