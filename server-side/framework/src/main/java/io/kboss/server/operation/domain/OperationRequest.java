package io.kboss.server.operation.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A queued operation waiting to start.
 *
 * @param vmId     the VM it holds alone, 0 when none
 * @param hostId   the host whose agent does the work, 0 when none
 * @param kind     what it does, in words ("backup", "restore", ...)
 * @param priority higher runs first (OpenNebula's backup job PRIORITY, 0-99)
 */
public record OperationRequest(long requestId, long vmId, long hostId, long zoneId, String kind, int priority,
        Instant enqueuedAt) {
    public OperationRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
    }
}
