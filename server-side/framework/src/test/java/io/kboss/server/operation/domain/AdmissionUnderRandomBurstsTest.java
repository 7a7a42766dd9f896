package io.kboss.server.operation.domain;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.Test;

/**
 * Bursts of 50 requests over few VMs, hosts and zones, run to completion round by round with random
 * finishing: limits are never exceeded, a VM never runs two operations, nobody is overtaken except by a
 * request its own VM, host or zone holds back, and every request eventually runs.
 */
public class AdmissionUnderRandomBurstsTest {

    @Test
    public void burstsOfFiftyRequestsNeverExceedALimitAndAllFinish() {
        Random random = new Random(2026);
        for (int trial = 0; trial < 300; trial++) {
            Limit cloud = new Limit(random.nextInt(8) - 1, "cloud");
            Limit zone = new Limit(random.nextInt(5) - 1, "zone");
            Limit host = new Limit(random.nextInt(4) - 1, "host");
            ConcurrencyLimits limits = ConcurrencyLimits.uniform(cloud, zone, host);
            int hosts = 1 + random.nextInt(4);
            int vms = 5 + random.nextInt(30);
            Map<Long, Long> hostOfVm = new HashMap<>();
            for (long vm = 1; vm <= vms; vm++) {
                hostOfVm.put(vm, (long) random.nextInt(hosts));
            }
            Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
            List<OperationRequest> queue = new ArrayList<>();
            for (long id = 0; id < 50; id++) {
                long vm = 1 + random.nextInt(vms);
                long h = hostOfVm.get(vm);
                queue.add(new OperationRequest(id, vm, h, h % 2, "backup", random.nextInt(3) * 10,
                        t0.plusMillis(random.nextInt(5000))));
            }
            List<RunningOperation> running = new ArrayList<>();
            Set<Long> finished = new HashSet<>();
            int rounds = 0;
            while (!queue.isEmpty() || !running.isEmpty()) {
                assertTrue("trial " + trial + " does not drain", ++rounds < 10_000);
                AdmissionDecision d = Admission.decide(queue, running, limits, Set.of());
                assertEquals(queue.size(), d.admitted().size() + d.waiting().size());
                checkNobodyOvertakenWithoutCause(d);
                for (OperationRequest a : d.admitted()) {
                    running.add(RunningOperation.of(a));
                    queue.remove(a);
                }
                checkLimits(running, cloud, zone, host);
                if (!queue.isEmpty() && d.admitted().isEmpty() && running.isEmpty()) {
                    throw new AssertionError("nothing runs and nothing is admitted: " + d.waiting());
                }
                running.removeIf(r -> random.nextInt(3) == 0 && finished.add(r.requestId()));
            }
            assertEquals(50, finished.size());
        }
    }

    private static void checkLimits(List<RunningOperation> running, Limit cloud, Limit zone, Limit host) {
        if (cloud.max() >= 1) {
            assertTrue(running.size() + " running over cloud limit " + cloud.max(), running.size() <= cloud.max());
        }
        Map<Long, Integer> perHost = new HashMap<>();
        Map<Long, Integer> perZone = new HashMap<>();
        Set<Long> vms = new HashSet<>();
        for (RunningOperation r : running) {
            perHost.merge(r.hostId(), 1, Integer::sum);
            perZone.merge(r.zoneId(), 1, Integer::sum);
            assertTrue("VM " + r.vmId() + " runs two operations", vms.add(r.vmId()));
        }
        if (host.max() >= 1) {
            perHost.forEach((h, n) -> assertTrue(n + " running on host " + h, n <= host.max()));
        }
        if (zone.max() >= 1) {
            perZone.forEach((z, n) -> assertTrue(n + " running in zone " + z, n <= zone.max()));
        }
    }

    private static void checkNobodyOvertakenWithoutCause(AdmissionDecision d) {
        for (Waiting w : d.waiting()) {
            for (OperationRequest a : d.admitted()) {
                if (Admission.QUEUE_ORDER.compare(a, w.request()) > 0) {
                    boolean ownCause = w.reason() == WaitReason.VM_BUSY
                            || w.reason() == WaitReason.HOST_LIMIT_REACHED && a.hostId() != w.request().hostId()
                            || w.reason() == WaitReason.ZONE_LIMIT_REACHED && a.zoneId() != w.request().zoneId();
                    assertTrue(a + " overtook " + w.request() + " waiting for " + w.reason(), ownCause);
                }
            }
        }
    }
}
