package io.kboss.plugin.backup.kboss.domain.admission;

import static io.kboss.plugin.backup.kboss.domain.admission.OperationKind.BACKUP;
import static io.kboss.plugin.backup.kboss.domain.admission.OperationKind.DELETE;
import static io.kboss.plugin.backup.kboss.domain.admission.OperationKind.RESTORE;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.Test;

public class AdmissionTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static OperationRequest req(long id, long vm, long host, int priority, int secondsAfterT0) {
        return new OperationRequest(id, vm, host, BACKUP, priority, T0.plusSeconds(secondsAfterT0));
    }

    private static List<Long> ids(List<OperationRequest> requests) {
        return requests.stream().map(OperationRequest::requestId).toList();
    }

    @Test
    public void withinOnePriorityTheFirstEnqueuedStartsFirst() {
        AdmissionDecision d = Admission.decide(List.of(req(3, 30, 1, 0, 3), req(1, 10, 1, 0, 1), req(2, 20, 1, 0, 2)),
                List.of(), new ConcurrencyLimits(2, 0));
        assertEquals(List.of(1L, 2L), ids(d.admitted()));
        assertEquals(WaitReason.CLOUD_LIMIT_REACHED, d.waiting().get(0).reason());
        assertTrue(d.waiting().get(0).explanation().contains("backup.max.concurrent.operations is 2"));
    }

    @Test
    public void aHigherPriorityRequestOvertakesEarlierOnes() {
        AdmissionDecision d = Admission.decide(List.of(req(1, 10, 1, 0, 1), req(2, 20, 1, 50, 9)), List.of(),
                new ConcurrencyLimits(1, 0));
        assertEquals(List.of(2L), ids(d.admitted()));
    }

    @Test
    public void runningOperationsCountAgainstTheHostLimitAndOtherHostsStillProceed() {
        List<RunningOperation> running = List.of(new RunningOperation(100, 99, 1, BACKUP));
        AdmissionDecision d = Admission.decide(List.of(req(1, 10, 1, 0, 1), req(2, 20, 2, 0, 2)), running,
                new ConcurrencyLimits(0, 1));
        assertEquals(List.of(2L), ids(d.admitted()));
        Waiting w = d.waiting().get(0);
        assertEquals(WaitReason.HOST_LIMIT_REACHED, w.reason());
        assertTrue(w.explanation(), w.explanation().contains("on host 1"));
        assertTrue(w.explanation(), w.explanation().contains("backup.max.concurrent.operations.per.host is 1"));
    }

    @Test
    public void aVmTakesOneOperationAtATimeAndLaterRequestsForItWaitInOrder() {
        List<RunningOperation> running = List.of(new RunningOperation(100, 10, 1, RESTORE));
        AdmissionDecision d = Admission.decide(List.of(req(1, 10, 1, 0, 1), req(2, 20, 1, 0, 2)), running,
                ConcurrencyLimits.unlimited());
        assertEquals(List.of(2L), ids(d.admitted()));
        assertEquals(WaitReason.VM_BUSY, d.waiting().get(0).reason());
        assertTrue(d.waiting().get(0).explanation().contains("RESTORE request 100 for VM 10 on host 1 is running"));

        AdmissionDecision twoQueued = Admission.decide(List.of(req(1, 10, 1, 0, 1), req(2, 10, 1, 0, 2)), List.of(),
                ConcurrencyLimits.unlimited());
        assertEquals(List.of(1L), ids(twoQueued.admitted()));
        assertEquals(WaitReason.VM_BUSY, twoQueued.waiting().get(0).reason());
    }

    @Test
    public void aRequestWaitingForItsHostKeepsItsVmsLaterRequestsBehindIt() {
        List<RunningOperation> running = List.of(new RunningOperation(100, 99, 1, BACKUP));
        OperationRequest backup = req(1, 10, 1, 0, 1);
        OperationRequest delete = new OperationRequest(2, 10, 2, DELETE, 0, T0.plusSeconds(2));
        AdmissionDecision d = Admission.decide(List.of(backup, delete), running, new ConcurrencyLimits(0, 1));
        assertEquals(List.of(), d.admitted());
        assertEquals(WaitReason.VM_BUSY, d.waiting().get(1).reason());
    }

    @Test
    public void limitsBelowOneAreUnlimited() {
        AdmissionDecision d = Admission.decide(List.of(req(1, 10, 1, 0, 1), req(2, 20, 1, 0, 2), req(3, 30, 1, 0, 3)),
                List.of(), new ConcurrencyLimits(-1, 0));
        assertEquals(3, d.admitted().size());
    }

    @Test
    public void aNewCallForABusyVmGetsAConflictSayingWhatHoldsIt() {
        Optional<String> conflict = Admission.conflictFor(10, DELETE, List.of(),
                List.of(new RunningOperation(100, 10, 1, BACKUP)));
        assertTrue(conflict.orElseThrow(),
                conflict.get().contains("cannot start DELETE for VM 10: BACKUP request 100"));
        assertTrue(conflict.get(), conflict.get().contains("retry when it has finished"));
        assertTrue(Admission.conflictFor(10, RESTORE, List.of(req(5, 10, 1, 0, 0)), List.of()).orElseThrow()
                .contains("is queued"));
        assertEquals(Optional.empty(), Admission.conflictFor(11, BACKUP, List.of(req(5, 10, 1, 0, 0)), List.of()));
    }

    @Test
    public void aQueuedRequestOfADownHostWaitsWithoutTakingASlotAndOtherHostsProceed() {
        AdmissionDecision d = Admission.decide(List.of(req(1, 10, 1, 0, 1), req(2, 20, 2, 0, 2)), List.of(),
                new ConcurrencyLimits(1, 0), java.util.Set.of(1L));
        assertEquals(List.of(2L), ids(d.admitted()));
        Waiting w = d.waiting().get(0);
        assertEquals(WaitReason.HOST_DOWN, w.reason());
        assertTrue(w.explanation(), w.explanation().contains("host 1 is Down"));
    }

    @Test
    public void aBackupAndARestoreWithTheSameNumberAreTwoRequestsAndRestoresCountAgainstTheLimits() {
        OperationRequest backup = req(7, 10, 1, 0, 1);
        OperationRequest restore = new OperationRequest(7, 20, 1, RESTORE, 0, T0.plusSeconds(2));
        OperationRequest later = req(8, 30, 1, 0, 3);
        AdmissionDecision d = Admission.decide(List.of(backup, restore, later), List.of(), new ConcurrencyLimits(0, 2));
        assertEquals(List.of(backup, restore), d.admitted());
        assertEquals(WaitReason.HOST_LIMIT_REACHED, d.waiting().get(0).reason());
    }
}
