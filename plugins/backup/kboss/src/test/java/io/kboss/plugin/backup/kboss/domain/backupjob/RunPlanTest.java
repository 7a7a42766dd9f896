package io.kboss.plugin.backup.kboss.domain.backupjob;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

public class RunPlanTest {

    private static RunVm vm(long id, int position, VmRunState state) {
        return new RunVm(id, position, state);
    }

    @Test
    public void parallelQueuesEveryOutdatedVmInOrder() {
        List<RunVm> vms = List.of(vm(3, 2, VmRunState.OUTDATED), vm(1, 0, VmRunState.ONGOING), vm(2, 1,
                VmRunState.OUTDATED));
        assertEquals(List.of(vms.get(2), vms.get(0)), RunPlan.toQueue(Execution.PARALLEL, vms));
    }

    @Test
    public void sequentialQueuesTheFirstOutdatedOnlyWhenNoneIsOngoing() {
        List<RunVm> busy = List.of(vm(1, 0, VmRunState.ONGOING), vm(2, 1, VmRunState.OUTDATED));
        assertTrue(RunPlan.toQueue(Execution.SEQUENTIAL, busy).isEmpty());
        List<RunVm> free = List.of(vm(1, 0, VmRunState.ERROR), vm(3, 2, VmRunState.OUTDATED), vm(2, 1,
                VmRunState.OUTDATED));
        assertEquals(List.of(free.get(2)), RunPlan.toQueue(Execution.SEQUENTIAL, free));
    }

    @Test
    public void aRunIsOverWhenNothingIsOutdatedOrOngoing() {
        assertTrue(RunPlan.isOver(List.of(vm(1, 0, VmRunState.UPDATED), vm(2, 1, VmRunState.ERROR))));
        assertFalse(RunPlan.isOver(List.of(vm(1, 0, VmRunState.UPDATED), vm(2, 1, VmRunState.OUTDATED))));
        assertFalse(RunPlan.isOver(List.of(vm(1, 0, VmRunState.ONGOING))));
    }

    @Test
    public void priorityAbove50IsForAdministratorsAndTheRefusalNamesTheParameter() {
        BackupJobRules.checkPriority(50, false);
        BackupJobRules.checkPriority(99, true);
        try {
            BackupJobRules.checkPriority(51, false);
            throw new AssertionError("a user set priority 51");
        } catch (BackupJobRuleViolation v) {
            assertEquals("priority", v.parameter());
            assertTrue(v.permission());
            assertTrue(v.getMessage(), v.getMessage().contains("priority"));
        }
        try {
            BackupJobRules.checkPriority(100, true);
            throw new AssertionError("priority 100 accepted");
        } catch (BackupJobRuleViolation v) {
            assertFalse(v.permission());
        }
    }

    @Test
    public void aJobNamesEachVmOnceAndAtLeastOne() {
        BackupJobRules.checkVms(List.of("a", "b"));
        for (List<String> bad : List.of(List.<String>of(), List.of("a", "a"))) {
            try {
                BackupJobRules.checkVms(bad);
                throw new AssertionError("accepted " + bad);
            } catch (BackupJobRuleViolation v) {
                assertEquals("virtualmachineids", v.parameter());
            }
        }
        assertEquals(Execution.PARALLEL, BackupJobRules.execution("parallel"));
    }
}
