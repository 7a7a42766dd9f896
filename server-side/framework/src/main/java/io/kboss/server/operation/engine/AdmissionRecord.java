package io.kboss.server.operation.engine;

import io.kboss.server.operation.domain.OperationRequest;
import io.kboss.server.operation.domain.RunningOperation;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The most operations this server's claims left running at once, cloud-wide and per host, counted
 * under the group's lock right after each claim (what ran before, plus what the claim started). A
 * check of admission by its own bookkeeping, independent of sampling the table; it covers this
 * server's claims only.
 */
public class AdmissionRecord {
    private final AtomicInteger admissions = new AtomicInteger();
    private final AtomicInteger mostCloudWide = new AtomicInteger();
    private final Map<Long, Integer> mostPerHost = new ConcurrentHashMap<>();

    void claimed(Collection<RunningOperation> runningBefore, Collection<OperationRequest> started) {
        if (started.isEmpty()) {
            return;
        }
        admissions.addAndGet(started.size());
        mostCloudWide.accumulateAndGet(runningBefore.size() + started.size(), Math::max);
        Map<Long, Integer> onHost = new java.util.HashMap<>();
        runningBefore.forEach(r -> onHost.merge(r.hostId(), 1, Integer::sum));
        started.forEach(s -> onHost.merge(s.hostId(), 1, Integer::sum));
        for (OperationRequest s : started) {
            mostPerHost.merge(s.hostId(), onHost.get(s.hostId()), Math::max);
        }
    }

    public int admissions() {
        return admissions.get();
    }

    public int mostCloudWide() {
        return mostCloudWide.get();
    }

    /** Host id to the most operations running on it at once. */
    public Map<Long, Integer> mostPerHost() {
        return Map.copyOf(mostPerHost);
    }
}
