package io.kboss.agent.contract;

/**
 * libvirt's lifecycle event types, plus RECONCILED: a state the agent found by listing the
 * domains (after its event connection to libvirtd was lost and came back, and every minute) that
 * no event had reported.
 */
public enum VmEventKind {
    DEFINED, UNDEFINED, STARTED, SUSPENDED, RESUMED, STOPPED, SHUTDOWN, PMSUSPENDED, CRASHED, RECONCILED
}
