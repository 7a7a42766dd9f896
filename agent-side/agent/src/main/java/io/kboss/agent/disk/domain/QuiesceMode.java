package io.kboss.agent.disk.domain;

/** Whether a backup freezes the guest's filesystems first. */
public enum QuiesceMode {
    /** Crash-consistent: no guest agent involved. */
    NONE,
    /** Freeze or fail: a VM whose agent does not answer gets an error and no backup. */
    REQUIRED,
    /** Freeze when the agent answers, otherwise take a crash-consistent backup and say so. */
    PREFERRED
}
