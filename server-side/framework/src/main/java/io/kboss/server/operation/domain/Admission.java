package io.kboss.server.operation.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which queued operations may start now. Requests are considered in queue order (higher
 * priority first, then first enqueued, then lower request id); each starts unless its VM is busy, its
 * host is Down, or the cloud, its zone or its host is at its limit, either the group's or its kind's
 * own. A request held back by its own VM, host, zone or kind does not hold back requests for other VMs,
 * hosts, zones and kinds behind it: slots are not left idle, and FIFO holds among requests that could run.
 *
 * <p>The decision is pure; the queue applies it in the transaction that claims the rows, under the
 * group's lock, so two servers deciding at once cannot both take the last slot.
 */
public final class Admission {
    /** Queue order: higher priority first, then first come, then request id so the order is total. */
    public static final Comparator<OperationRequest> QUEUE_ORDER = Comparator
            .comparingInt(OperationRequest::priority).reversed()
            .thenComparing(OperationRequest::enqueuedAt)
            .thenComparingLong(OperationRequest::requestId);

    private Admission() {
    }

    /**
     * @param downHosts hosts whose agent does not answer: their queued requests wait (they are not
     *     started against an agent that cannot take them) and hold no slot
     */
    public static AdmissionDecision decide(Collection<OperationRequest> queued, Collection<RunningOperation> running,
            ConcurrencyLimits limits, Set<Long> downHosts) {
        Map<Long, Holder> busyVms = new HashMap<>();
        Map<Long, Integer> perHost = new HashMap<>();
        Map<Long, Integer> perZone = new HashMap<>();
        Map<String, Integer> perKind = new HashMap<>();
        Map<KindPlace, Integer> perKindHost = new HashMap<>();
        Map<KindPlace, Integer> perKindZone = new HashMap<>();
        for (RunningOperation r : running) {
            if (r.vmId() != 0) {
                busyVms.put(r.vmId(), new Holder(r.kind(), true));
            }
            perHost.merge(r.hostId(), 1, Integer::sum);
            perZone.merge(r.zoneId(), 1, Integer::sum);
            perKind.merge(r.kind(), 1, Integer::sum);
            perKindHost.merge(new KindPlace(r.kind(), r.hostId()), 1, Integer::sum);
            perKindZone.merge(new KindPlace(r.kind(), r.zoneId()), 1, Integer::sum);
        }
        int total = running.size();
        List<OperationRequest> ordered = new ArrayList<>(queued);
        ordered.sort(QUEUE_ORDER);
        List<OperationRequest> admitted = new ArrayList<>();
        List<Waiting> waiting = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (OperationRequest q : ordered) {
            if (!seen.add(q.requestId())) {
                throw new IllegalArgumentException("request " + q.requestId() + " is queued twice");
            }
            Holder holder = q.vmId() == 0 ? null : busyVms.get(q.vmId());
            int onHost = perHost.getOrDefault(q.hostId(), 0);
            int inZone = perZone.getOrDefault(q.zoneId(), 0);
            Limit cloud = limits.cloud();
            Limit zone = limits.zone(q.zoneId());
            Limit host = limits.host(q.hostId());
            KindPlace kindHost = new KindPlace(q.kind(), q.hostId());
            KindPlace kindZone = new KindPlace(q.kind(), q.zoneId());
            int ofKind = perKind.getOrDefault(q.kind(), 0);
            int ofKindOnHost = perKindHost.getOrDefault(kindHost, 0);
            int ofKindInZone = perKindZone.getOrDefault(kindZone, 0);
            Limit kindCloud = limits.kindCloud(q.kind());
            Limit kindZoneLimit = limits.kindZone(q.kind(), q.zoneId());
            Limit kindHostLimit = limits.kindHost(q.kind(), q.hostId());
            if (holder != null) {
                waiting.add(new Waiting(q, WaitReason.VM_BUSY, 0, null, holder.kind(), holder.runs()));
            } else if (downHosts.contains(q.hostId())) {
                waiting.add(new Waiting(q, WaitReason.HOST_DOWN, 0, null, null, false));
            } else if (!cloud.allows(total)) {
                waiting.add(new Waiting(q, WaitReason.CLOUD_LIMIT_REACHED, total, cloud, null, false));
            } else if (!zone.allows(inZone)) {
                waiting.add(new Waiting(q, WaitReason.ZONE_LIMIT_REACHED, inZone, zone, null, false));
            } else if (!host.allows(onHost)) {
                waiting.add(new Waiting(q, WaitReason.HOST_LIMIT_REACHED, onHost, host, null, false));
            } else if (!kindCloud.allows(ofKind)) {
                waiting.add(new Waiting(q, WaitReason.KIND_CLOUD_LIMIT_REACHED, ofKind, kindCloud, null, false));
            } else if (!kindZoneLimit.allows(ofKindInZone)) {
                waiting.add(new Waiting(q, WaitReason.KIND_ZONE_LIMIT_REACHED, ofKindInZone, kindZoneLimit, null,
                        false));
            } else if (!kindHostLimit.allows(ofKindOnHost)) {
                waiting.add(new Waiting(q, WaitReason.KIND_HOST_LIMIT_REACHED, ofKindOnHost, kindHostLimit, null,
                        false));
            } else {
                admitted.add(q);
                total++;
                perHost.put(q.hostId(), onHost + 1);
                perZone.put(q.zoneId(), inZone + 1);
                perKind.put(q.kind(), ofKind + 1);
                perKindHost.put(kindHost, ofKindOnHost + 1);
                perKindZone.put(kindZone, ofKindInZone + 1);
                if (q.vmId() != 0) {
                    busyVms.put(q.vmId(), new Holder(q.kind(), true));
                }
            }
            // A waiting request also holds its VM against later requests: a VM's operations run in the
            // order they were asked for.
            if (q.vmId() != 0) {
                busyVms.putIfAbsent(q.vmId(), new Holder(q.kind(), false));
            }
        }
        return new AdmissionDecision(admitted, waiting);
    }

    private record Holder(String kind, boolean runs) {
    }

    /** A kind on a host or in a zone: where its own limits count. */
    private record KindPlace(String kind, long place) {
    }
}
