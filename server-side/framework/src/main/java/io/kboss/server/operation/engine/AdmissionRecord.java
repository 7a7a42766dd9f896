package io.kboss.server.operation.engine;

import io.kboss.server.operation.domain.OperationRequest;
import io.kboss.server.operation.domain.RunningOperation;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;

/**
 * The most operations this server's claims left running at once, cloud-wide and per host, and per kind
 * cloud-wide, per zone and per host, counted under the group's lock right after each claim (what ran
 * before, plus what the claim started). A check of admission by its own bookkeeping, independent of
 * sampling the table; it covers this server's claims only.
 */
public class AdmissionRecord {
    private final AtomicInteger admissions = new AtomicInteger();
    private final AtomicInteger mostCloudWide = new AtomicInteger();
    private final Map<Long, Integer> mostPerHost = new ConcurrentHashMap<>();
    private final Map<String, Integer> mostOfKind = new ConcurrentHashMap<>();
    private final Map<String, Map<Long, Integer>> mostOfKindPerHost = new ConcurrentHashMap<>();
    private final Map<String, Map<Long, Integer>> mostOfKindPerZone = new ConcurrentHashMap<>();

    void claimed(Collection<RunningOperation> runningBefore, Collection<OperationRequest> started) {
        if (started.isEmpty()) {
            return;
        }
        admissions.addAndGet(started.size());
        mostCloudWide.accumulateAndGet(runningBefore.size() + started.size(), Math::max);
        Map<Long, Integer> onHost = new HashMap<>();
        runningBefore.forEach(r -> onHost.merge(r.hostId(), 1, Integer::sum));
        started.forEach(s -> onHost.merge(s.hostId(), 1, Integer::sum));
        for (OperationRequest s : started) {
            mostPerHost.merge(s.hostId(), onHost.get(s.hostId()), Math::max);
        }
        Map<String, Integer> ofKind = new HashMap<>();
        runningBefore.forEach(r -> ofKind.merge(r.kind(), 1, Integer::sum));
        started.forEach(s -> ofKind.merge(s.kind(), 1, Integer::sum));
        started.forEach(s -> mostOfKind.merge(s.kind(), ofKind.get(s.kind()), Math::max));
        recordPerPlace(runningBefore, started, RunningOperation::hostId, OperationRequest::hostId, mostOfKindPerHost);
        recordPerPlace(runningBefore, started, RunningOperation::zoneId, OperationRequest::zoneId, mostOfKindPerZone);
    }

    /** Per kind and place (a host or a zone), the most running there after this claim. */
    private static void recordPerPlace(Collection<RunningOperation> runningBefore,
            Collection<OperationRequest> started, ToLongFunction<RunningOperation> runningPlace,
            ToLongFunction<OperationRequest> startedPlace, Map<String, Map<Long, Integer>> most) {
        Map<String, Map<Long, Integer>> now = new HashMap<>();
        runningBefore.forEach(r -> now.computeIfAbsent(r.kind(), k -> new HashMap<>())
                .merge(runningPlace.applyAsLong(r), 1, Integer::sum));
        started.forEach(s -> now.computeIfAbsent(s.kind(), k -> new HashMap<>())
                .merge(startedPlace.applyAsLong(s), 1, Integer::sum));
        for (OperationRequest s : started) {
            long place = startedPlace.applyAsLong(s);
            most.computeIfAbsent(s.kind(), k -> new ConcurrentHashMap<>())
                    .merge(place, now.get(s.kind()).get(place), Math::max);
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

    /** The most operations of {@code kind} running at once in the cloud (0 if this server claimed none). */
    public int mostOfKind(String kind) {
        return mostOfKind.getOrDefault(kind, 0);
    }

    /** Host id to the most operations of {@code kind} running on it at once. */
    public Map<Long, Integer> mostOfKindPerHost(String kind) {
        return Map.copyOf(mostOfKindPerHost.getOrDefault(kind, Map.of()));
    }

    /** Zone id to the most operations of {@code kind} running in it at once. */
    public Map<Long, Integer> mostOfKindPerZone(String kind) {
        return Map.copyOf(mostOfKindPerZone.getOrDefault(kind, Map.of()));
    }
}
