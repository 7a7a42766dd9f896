package io.kboss.plugin.backup.kboss.domain.admission;

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
 * Bursts of 50 requests over few VMs and hosts, run to completion round by round with random
 * finishing: limits are never exceeded, a VM never runs two operations, nobody is overtaken except by
 * a request its own VM or host holds back, and every request eventually runs.
 */
public class AdmissionUnderRandomBurstsTest {

    @Test
    public void burstsOfFiftyRequestsNeverExceedALimitAndAllFinish() {
        Random random = new Random(2026);
        for (int trial = 0; trial < 300; trial++) {
            ConcurrencyLimits limits = new ConcurrencyLimits(random.nextInt(8) - 1, random.nextInt(4) - 1);
            int hosts = 1 + random.nextInt(4);
            int vms = 5 + random.nextInt(30);
            Map<Long, Long> hostOfVm = new HashMap<>();
            for (long vm = 0; vm < vms; vm++) {
                hostOfVm.put(vm, (long) random.nextInt(hosts));
            }
            Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
            List<OperationRequest> queue = new ArrayList<>();
            for (long id = 0; id < 50; id++) {
                long vm = random.nextInt(vms);
                queue.add(new OperationRequest(id, vm, hostOfVm.get(vm), OperationKind.values()[random.nextInt(3)],
                        random.nextInt(3) * 10, t0.plusMillis(random.nextInt(5000))));
            }
            List<RunningOperation> running = new ArrayList<>();
            Set<Long> finished = new HashSet<>();
            int rounds = 0;
            while (!queue.isEmpty() || !running.isEmpty()) {
                assertTrue("trial " + trial + " does not drain", ++rounds < 10_000);
                AdmissionDecision d = Admission.decide(queue, running, limits);
                assertEquals(queue.size(), d.admitted().size() + d.waiting().size());
                checkNobodyOvertakenWithoutCause(d);
                for (OperationRequest a : d.admitted()) {
                    running.add(RunningOperation.of(a));
                    queue.remove(a);
                }
                checkLimits(running, limits);
                if (!queue.isEmpty() && d.admitted().isEmpty() && running.isEmpty()) {
                    throw new AssertionError("nothing runs and nothing is admitted: " + d.waiting());
                }
                // Some running operations finish, some new ones arrive.
                running.removeIf(r -> random.nextInt(3) == 0 && finished.add(r.requestId()));
            }
            assertEquals(50, finished.size());
        }
    }

    private static void checkLimits(List<RunningOperation> running, ConcurrencyLimits limits) {
        if (limits.cloudWide() >= 1) {
            assertTrue(running.size() + " running over cloud limit " + limits.cloudWide(),
                    running.size() <= limits.cloudWide());
        }
        Map<Long, Integer> perHost = new HashMap<>();
        Set<Long> vms = new HashSet<>();
        for (RunningOperation r : running) {
            perHost.merge(r.hostId(), 1, Integer::sum);
            assertTrue("VM " + r.vmId() + " runs two operations", vms.add(r.vmId()));
        }
        if (limits.perHost() >= 1) {
            perHost.forEach((host, n) -> assertTrue(n + " running on host " + host, n <= limits.perHost()));
        }
    }

    private static void checkNobodyOvertakenWithoutCause(AdmissionDecision d) {
        for (Waiting w : d.waiting()) {
            for (OperationRequest a : d.admitted()) {
                if (Admission.QUEUE_ORDER.compare(a, w.request()) > 0) {
                    boolean ownCause = w.reason() == WaitReason.VM_BUSY
                            || w.reason() == WaitReason.HOST_LIMIT_REACHED && a.hostId() != w.request().hostId();
                    assertTrue(a + " overtook " + w.request() + " waiting for " + w.reason(), ownCause);
                }
            }
        }
    }
}
