package io.kboss.plugin.backup.kboss.domain.admission;

import java.util.Objects;

/** An operation that has started and not finished; it holds its VM and a slot on its host and the cloud. */
public record RunningOperation(long requestId, long vmId, long hostId, OperationKind kind) {
    public RunningOperation {
        Objects.requireNonNull(kind, "kind");
    }

    public static RunningOperation of(OperationRequest started) {
        return new RunningOperation(started.requestId(), started.vmId(), started.hostId(), started.kind());
    }

    @Override
    public String toString() {
        return kind + " request " + requestId + " for VM " + vmId + " on host " + hostId;
    }
}
