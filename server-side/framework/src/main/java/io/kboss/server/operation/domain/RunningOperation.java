package io.kboss.server.operation.domain;

import java.util.Objects;

/** An operation that has started and not ended: it holds its VM and a slot on its host, its zone and the cloud. */
public record RunningOperation(long requestId, long vmId, long hostId, long zoneId, String kind) {
    public RunningOperation {
        Objects.requireNonNull(kind, "kind");
    }

    public static RunningOperation of(OperationRequest started) {
        return new RunningOperation(started.requestId(), started.vmId(), started.hostId(), started.zoneId(),
                started.kind());
    }
}
