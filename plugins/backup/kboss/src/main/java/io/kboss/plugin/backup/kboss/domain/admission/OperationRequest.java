package io.kboss.plugin.backup.kboss.domain.admission;

import java.time.Instant;
import java.util.Objects;

/**
 * A queued operation waiting to start.
 *
 * @param priority higher runs first (OpenNebula's backup job PRIORITY, 0-99)
 */
public record OperationRequest(long requestId, long vmId, long hostId, OperationKind kind, int priority,
        Instant enqueuedAt) {
    public OperationRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
    }

    @Override
    public String toString() {
        return kind + " request " + requestId + " for VM " + vmId + " on host " + hostId;
    }
}
