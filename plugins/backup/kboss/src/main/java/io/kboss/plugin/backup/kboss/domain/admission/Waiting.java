package io.kboss.plugin.backup.kboss.domain.admission;

import java.util.Objects;

/** A request that stays queued, with the reason in words for listings and logs. */
public record Waiting(OperationRequest request, WaitReason reason, String explanation) {
    public Waiting {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(explanation, "explanation");
    }
}
