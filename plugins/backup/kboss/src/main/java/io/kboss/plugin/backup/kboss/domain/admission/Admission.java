package io.kboss.plugin.backup.kboss.domain.admission;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which queued operations may start now. Requests are considered in queue order (higher
 * priority first, then first enqueued, then lower request id); each starts unless its VM is busy
 * (one backup, restore or delete per VM at a time), its host is at its limit or the cloud is at its
 * limit. A request held back by its own VM or host does not hold back requests for other VMs and hosts
 * behind it: slots are not left idle, and FIFO holds among requests that could run.
 *
 * <p>The decision is pure; the server applies it in the same transaction that claims the rows, so two
 * servers deciding at once cannot both exceed a limit.
 */
public final class Admission {
    /** Queue order: higher priority first, then first come, then request id so the order is total. */
    public static final Comparator<OperationRequest> QUEUE_ORDER = Comparator
            .comparingInt(OperationRequest::priority).reversed()
            .thenComparing(OperationRequest::enqueuedAt)
            .thenComparingLong(OperationRequest::requestId);

    private Admission() {
    }

    public static AdmissionDecision decide(Collection<OperationRequest> queued, Collection<RunningOperation> running,
            ConcurrencyLimits limits) {
        return decide(queued, running, limits, Set.of());
    }

    /**
     * @param downHosts hosts whose agent does not answer: their queued requests wait (they are not
     *     started against an agent that cannot take them) and hold no slot
     */
    public static AdmissionDecision decide(Collection<OperationRequest> queued, Collection<RunningOperation> running,
            ConcurrencyLimits limits, Set<Long> downHosts) {
        Map<Long, String> busyVms = new HashMap<>();
        Map<Long, Integer> perHost = new HashMap<>();
        for (RunningOperation r : running) {
            busyVms.put(r.vmId(), r.toString() + " is running");
            perHost.merge(r.hostId(), 1, Integer::sum);
        }
        int total = running.size();
        List<OperationRequest> ordered = new ArrayList<>(queued);
        ordered.sort(QUEUE_ORDER);
        List<OperationRequest> admitted = new ArrayList<>();
        List<Waiting> waiting = new ArrayList<>();
        // A backup and a restore may share a number (different tables): a request is its kind and id.
        Set<String> seenRequests = new HashSet<>();
        for (OperationRequest q : ordered) {
            if (!seenRequests.add(q.kind() + "/" + q.requestId())) {
                throw new IllegalArgumentException("request " + q.requestId() + " is queued twice");
            }
            String holder = busyVms.get(q.vmId());
            int onHost = perHost.getOrDefault(q.hostId(), 0);
            if (holder != null) {
                waiting.add(new Waiting(q, WaitReason.VM_BUSY, "VM " + q.vmId() + " is busy: " + holder
                        + "; one backup, restore or delete per VM at a time"));
            } else if (downHosts.contains(q.hostId())) {
                waiting.add(new Waiting(q, WaitReason.HOST_DOWN, "host " + q.hostId() + " is Down (its agent does not "
                        + "answer); the " + q.kind().name().toLowerCase() + " starts when the host is Up again"));
            } else if (!limits.cloudAllows(total)) {
                waiting.add(new Waiting(q, WaitReason.CLOUD_LIMIT_REACHED, total + " operations are running, the "
                        + "cloud-wide limit backup.max.concurrent.operations is " + limits.cloudWide()));
            } else if (!limits.hostAllows(onHost)) {
                waiting.add(new Waiting(q, WaitReason.HOST_LIMIT_REACHED, onHost + " operations are running on host "
                        + q.hostId() + ", the limit backup.max.concurrent.operations.per.host is " + limits.perHost()));
            } else {
                admitted.add(q);
                total++;
                perHost.put(q.hostId(), onHost + 1);
                busyVms.put(q.vmId(), q + " is starting");
            }
            // A waiting request also holds its VM against later requests: the VM's operations run in the
            // order they were asked for.
            busyVms.putIfAbsent(q.vmId(), q + " is queued ahead");
        }
        return new AdmissionDecision(admitted, waiting);
    }

    /**
     * Whether a new call for {@code vmId} conflicts with an operation already running or queued for the
     * VM; the API refuses such a call with this explanation.
     */
    public static Optional<String> conflictFor(long vmId, OperationKind kind, Collection<OperationRequest> queued,
            Collection<RunningOperation> running) {
        for (RunningOperation r : running) {
            if (r.vmId() == vmId) {
                return Optional.of(conflict(vmId, kind, r.toString() + " is running"));
            }
        }
        return queued.stream().filter(q -> q.vmId() == vmId).min(QUEUE_ORDER)
                .map(q -> conflict(vmId, kind, q + " is queued"));
    }

    private static String conflict(long vmId, OperationKind kind, String holder) {
        return "cannot start " + kind + " for VM " + vmId + ": " + holder
                + "; only one backup, restore or delete runs per VM at a time, retry when it has finished";
    }
}
