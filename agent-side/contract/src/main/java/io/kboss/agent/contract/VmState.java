package io.kboss.agent.contract;

/** libvirt's domain states, named as the server shows them. */
public enum VmState {
    RUNNING, PAUSED, SHUTTING_DOWN, SHUTOFF, CRASHED, SUSPENDED, BLOCKED, UNKNOWN
}
