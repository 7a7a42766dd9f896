package io.kboss.server.operation;

import java.time.Instant;

/**
 * One operation as its handler sees it. Ids are the database's (never shown to users); {@link #uuid}
 * is also the agent request id of the operation's work, so a server that adopts it finds the agent's
 * job by it.
 *
 * @param vmId     the VM it works on, null when none
 * @param hostId   the host whose agent does the work, null when none
 * @param backupId the backup it works on, null when none
 * @param started  when it was first claimed; null while queued
 * @param error    why it failed (or why its last attempt did); null otherwise
 */
public record Operation(long id, String uuid, String kind, String origin, Long vmId, Long hostId, long zoneId,
        Long backupId, OperationState state, int priority, int attempts, Payload payload, Instant enqueued,
        Instant started, String agentJobId, String error) {

    /** The VM, which a VM-exclusive operation always has. */
    public long requireVm() {
        if (vmId == null) {
            throw new IllegalStateException(kind + " operation " + uuid + " has no VM");
        }
        return vmId;
    }

    public long requireBackup() {
        if (backupId == null) {
            throw new IllegalStateException(kind + " operation " + uuid + " has no backup");
        }
        return backupId;
    }

    @Override
    public String toString() {
        return kind + " " + uuid + " (" + state + ")";
    }
}
