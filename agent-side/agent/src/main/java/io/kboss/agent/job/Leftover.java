package io.kboss.agent.job;

/**
 * One thing a running job created or changed, journaled before it is made, so that whoever
 * finds the job dead (the job itself on failure, or the agent at its next start) can undo it.
 *
 * @param kind   what it is
 * @param vmUuid the VM it concerns, when any
 * @param value  the path, checkpoint name or pid
 */
public record Leftover(LeftoverKind kind, String vmUuid, String value) {
}
