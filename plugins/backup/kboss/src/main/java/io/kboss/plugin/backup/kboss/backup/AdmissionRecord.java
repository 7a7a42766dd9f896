package io.kboss.plugin.backup.kboss.backup;

import io.kboss.plugin.backup.kboss.domain.admission.OperationRequest;
import io.kboss.plugin.backup.kboss.domain.admission.RunningOperation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The most operations this server's admission left running at once, cloud-wide and per host,
 * counted under the admission lock right after each admission (what ran before, plus the one
 * admitted). A check on admission by its own bookkeeping, independent of sampling the tables;
 * it covers this server's admissions only.
 */
public class AdmissionRecord {
    private final AtomicInteger admissions = new AtomicInteger();
    private final AtomicInteger mostCloudWide = new AtomicInteger();
    private final Map<Long, Integer> mostPerHost = new ConcurrentHashMap<>();

    void admitted(List<RunningOperation> runningBefore, OperationRequest admitted) {
        admissions.incrementAndGet();
        mostCloudWide.accumulateAndGet(runningBefore.size() + 1, Math::max);
        int onHost = 1 + (int) runningBefore.stream().filter(r -> r.hostId() == admitted.hostId()).count();
        mostPerHost.merge(admitted.hostId(), onHost, Math::max);
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
