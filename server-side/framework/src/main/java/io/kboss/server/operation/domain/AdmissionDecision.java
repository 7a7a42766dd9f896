package io.kboss.server.operation.domain;

import java.util.List;

/**
 * What may start now and what waits.
 *
 * @param admitted in the order they should be started
 * @param waiting  in queue order
 */
public record AdmissionDecision(List<OperationRequest> admitted, List<Waiting> waiting) {
    public AdmissionDecision {
        admitted = List.copyOf(admitted);
        waiting = List.copyOf(waiting);
    }
}
