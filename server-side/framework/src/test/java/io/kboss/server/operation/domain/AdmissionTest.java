package io.kboss.server.operation.domain;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.Test;

public class AdmissionTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Names NAMES = new Names() {
        @Override
        public String host(long hostId) {
            return "h" + hostId;
        }

        @Override
        public String zone(long zoneId) {
            return "z" + zoneId;
        }

        @Override
        public String vm(long vmId) {
            return "vm-" + vmId;
        }
    };

    private static OperationRequest req(long id, long vm, long host, int priority, int secondsAfterT0) {
        return new OperationRequest(id, vm, host, 1, "backup", priority, T0.plusSeconds(secondsAfterT0));
    }

    private static RunningOperation running(long id, long vm, long host, long zone) {
        return new RunningOperation(id, vm, host, zone, "backup");
    }

    private static ConcurrencyLimits limits(int cloud, int host) {
        return ConcurrencyLimits.uniform(new Limit(cloud, "backup.max.concurrent.operations"),
                Limit.unlimited("backup.max.concurrent.operations.per.zone"),
                new Limit(host, "backup.max.concurrent.operations.per.host"));
    }

    private static List<Long> ids(List<OperationRequest> requests) {
        return requests.stream().map(OperationRequest::requestId).toList();
    }

    private static AdmissionDecision decide(List<OperationRequest> queued, List<RunningOperation> running,
            ConcurrencyLimits limits) {
        return Admission.decide(queued, running, limits, Set.of());
    }

    @Test
    public void withinOnePriorityTheFirstEnqueuedStartsFirst() {
        AdmissionDecision d = decide(List.of(req(3, 30, 1, 0, 3), req(1, 10, 1, 0, 1), req(2, 20, 1, 0, 2)),
                List.of(), limits(2, 0));
        assertEquals(List.of(1L, 2L), ids(d.admitted()));
        assertEquals(WaitReason.CLOUD_LIMIT_REACHED, d.waiting().get(0).reason());
        assertTrue(d.waiting().get(0).explain(NAMES).contains("backup.max.concurrent.operations is 2"));
    }

    @Test
    public void aHigherPriorityRequestOvertakesEarlierOnes() {
        AdmissionDecision d = decide(List.of(req(1, 10, 1, 0, 1), req(2, 20, 1, 50, 9)), List.of(), limits(1, 0));
        assertEquals(List.of(2L), ids(d.admitted()));
    }

    @Test
    public void runningOperationsCountAgainstTheHostLimitAndOtherHostsStillProceed() {
        AdmissionDecision d = decide(List.of(req(1, 10, 1, 0, 1), req(2, 20, 2, 0, 2)), List.of(running(100, 99, 1, 1)),
                limits(0, 1));
        assertEquals(List.of(2L), ids(d.admitted()));
        Waiting w = d.waiting().get(0);
        assertEquals(WaitReason.HOST_LIMIT_REACHED, w.reason());
        assertTrue(w.explain(NAMES), w.explain(NAMES).contains("on host h1"));
        assertTrue(w.explain(NAMES), w.explain(NAMES).contains("backup.max.concurrent.operations.per.host is 1"));
    }

    @Test
    public void theZoneLimitHoldsBackAZonesRequestsAndLetsOtherZonesProceed() {
        ConcurrencyLimits perZone = new ConcurrencyLimits() {
            @Override
            public Limit cloud() {
                return Limit.unlimited("cloud");
            }

            @Override
            public Limit zone(long zoneId) {
                return new Limit(zoneId == 1 ? 1 : 0, "backup.max.concurrent.operations.per.zone");
            }

            @Override
            public Limit host(long hostId) {
                return Limit.unlimited("host");
            }
        };
        OperationRequest inZone1 = new OperationRequest(1, 10, 1, 1, "backup", 0, T0);
        OperationRequest alsoZone1 = new OperationRequest(2, 20, 2, 1, "backup", 0, T0.plusSeconds(1));
        OperationRequest inZone2 = new OperationRequest(3, 30, 3, 2, "backup", 0, T0.plusSeconds(2));
        AdmissionDecision d = Admission.decide(List.of(inZone1, alsoZone1, inZone2), List.of(), perZone, Set.of());
        assertEquals(List.of(1L, 3L), ids(d.admitted()));
        assertEquals(WaitReason.ZONE_LIMIT_REACHED, d.waiting().get(0).reason());
        assertTrue(d.waiting().get(0).explain(NAMES), d.waiting().get(0).explain(NAMES).contains("in zone z1"));
    }

    @Test
    public void aVmTakesOneOperationAtATimeAndLaterRequestsForItWaitInOrder() {
        AdmissionDecision d = decide(List.of(req(1, 10, 1, 0, 1), req(2, 20, 1, 0, 2)),
                List.of(new RunningOperation(100, 10, 1, 1, "restore")), limits(0, 0));
        assertEquals(List.of(2L), ids(d.admitted()));
        assertEquals(WaitReason.VM_BUSY, d.waiting().get(0).reason());
        assertTrue(d.waiting().get(0).explain(NAMES), d.waiting().get(0).explain(NAMES)
                .contains("VM vm-10 is busy: a restore of it is running"));

        AdmissionDecision twoQueued = decide(List.of(req(1, 10, 1, 0, 1), req(2, 10, 1, 0, 2)), List.of(),
                limits(0, 0));
        assertEquals(List.of(1L), ids(twoQueued.admitted()));
        assertEquals(WaitReason.VM_BUSY, twoQueued.waiting().get(0).reason());
    }

    @Test
    public void aRequestWaitingForItsHostKeepsItsVmsLaterRequestsBehindIt() {
        OperationRequest backup = req(1, 10, 1, 0, 1);
        OperationRequest delete = new OperationRequest(2, 10, 2, 1, "delete", 0, T0.plusSeconds(2));
        AdmissionDecision d = decide(List.of(backup, delete), List.of(running(100, 99, 1, 1)), limits(0, 1));
        assertEquals(List.of(), d.admitted());
        assertEquals(WaitReason.VM_BUSY, d.waiting().get(1).reason());
    }

    @Test
    public void limitsBelowOneAreUnlimited() {
        AdmissionDecision d = decide(List.of(req(1, 10, 1, 0, 1), req(2, 20, 1, 0, 2), req(3, 30, 1, 0, 3)),
                List.of(), limits(-1, 0));
        assertEquals(3, d.admitted().size());
    }

    @Test
    public void aQueuedRequestOfADownHostWaitsWithoutTakingASlotAndOtherHostsProceed() {
        AdmissionDecision d = Admission.decide(List.of(req(1, 10, 1, 0, 1), req(2, 20, 2, 0, 2)), List.of(),
                limits(1, 0), Set.of(1L));
        assertEquals(List.of(2L), ids(d.admitted()));
        Waiting w = d.waiting().get(0);
        assertEquals(WaitReason.HOST_DOWN, w.reason());
        assertTrue(w.explain(NAMES), w.explain(NAMES).contains("host h1 is Down"));
    }

    @Test
    public void aRequestWithoutAVmHoldsNoVmAndOnlyCountsAgainstTheLimits() {
        OperationRequest a = new OperationRequest(1, 0, 1, 1, "compression", 0, T0);
        OperationRequest b = new OperationRequest(2, 0, 1, 1, "compression", 0, T0.plusSeconds(1));
        AdmissionDecision d = decide(List.of(a, b), List.of(), limits(0, 0));
        assertEquals(List.of(1L, 2L), ids(d.admitted()));
    }

    /**
     * The group unlimited; the restore kind at most {@code cloud} in the cloud, {@code zone} per zone and
     * {@code host} per host (below 1: no limit of its own).
     */
    private static ConcurrencyLimits restoreLimits(int cloud, int zone, int host) {
        ConcurrencyLimits group = limits(0, 0);
        return new ConcurrencyLimits() {
            @Override
            public Limit cloud() {
                return group.cloud();
            }

            @Override
            public Limit zone(long zoneId) {
                return group.zone(zoneId);
            }

            @Override
            public Limit host(long hostId) {
                return group.host(hostId);
            }

            @Override
            public Limit kindCloud(String kind) {
                return kind.equals("restore")
                        ? new Limit(cloud, "backup.restore.max.concurrent.operations")
                        : Limit.unlimited(Limit.NONE);
            }

            @Override
            public Limit kindZone(String kind, long zoneId) {
                return kind.equals("restore")
                        ? new Limit(zone, "backup.restore.max.concurrent.operations.per.zone")
                        : Limit.unlimited(Limit.NONE);
            }

            @Override
            public Limit kindHost(String kind, long hostId) {
                return kind.equals("restore")
                        ? new Limit(host, "backup.restore.max.concurrent.operations.per.host")
                        : Limit.unlimited(Limit.NONE);
            }
        };
    }

    private static OperationRequest restore(long id, long vm, long host, long zone, int secondsAfterT0) {
        return new OperationRequest(id, vm, host, zone, "restore", 0, T0.plusSeconds(secondsAfterT0));
    }

    @Test
    public void aKindAtItsOwnHostLimitWaitsWhileOtherKindsOnThatHostStart() {
        AdmissionDecision d = decide(List.of(restore(1, 10, 1, 1, 1), restore(2, 20, 1, 1, 2), req(3, 30, 1, 0, 3),
                restore(4, 40, 2, 1, 4)), List.of(), restoreLimits(0, 0, 1));
        assertEquals(List.of(1L, 3L, 4L), ids(d.admitted()));
        Waiting w = d.waiting().get(0);
        assertEquals(2L, w.request().requestId());
        assertEquals(WaitReason.KIND_HOST_LIMIT_REACHED, w.reason());
        assertTrue(w.explain(NAMES), w.explain(NAMES).contains("1 restore operations are running on host h1, the limit "
                + "backup.restore.max.concurrent.operations.per.host is 1"));
    }

    @Test
    public void aKindsOwnCloudAndZoneLimitsCountOnlyItsOwnRunningOperations() {
        List<RunningOperation> running = List.of(new RunningOperation(100, 99, 1, 1, "restore"), running(101, 98, 2,
                1), running(102, 97, 3, 1));
        AdmissionDecision cloud = decide(List.of(restore(1, 10, 4, 2, 1), restore(2, 20, 5, 2, 2), req(3, 30, 6, 0,
                3)), running, restoreLimits(2, 0, 0));
        assertEquals("one restore runs: one more fits, backups are not restores", List.of(1L, 3L),
                ids(cloud.admitted()));
        assertEquals(WaitReason.KIND_CLOUD_LIMIT_REACHED, cloud.waiting().get(0).reason());
        assertTrue(cloud.waiting().get(0).explain(NAMES), cloud.waiting().get(0).explain(NAMES).contains(
                "2 restore operations are running, the limit backup.restore.max.concurrent.operations is 2"));

        AdmissionDecision zone = decide(List.of(restore(1, 10, 4, 1, 1), restore(2, 20, 5, 2, 2)), running,
                restoreLimits(0, 1, 0));
        assertEquals("zone 1 has its restore; zone 2 has room", List.of(2L), ids(zone.admitted()));
        assertEquals(WaitReason.KIND_ZONE_LIMIT_REACHED, zone.waiting().get(0).reason());
        assertTrue(zone.waiting().get(0).explain(NAMES).contains("in zone z1"));
    }
}
