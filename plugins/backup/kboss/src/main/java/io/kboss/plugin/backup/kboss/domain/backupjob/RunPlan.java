package io.kboss.plugin.backup.kboss.domain.backupjob;

import java.util.Comparator;
import java.util.List;

/** How a run moves on: which VMs to queue now, and whether it is over. */
public final class RunPlan {

    private RunPlan() {
    }

    /**
     * The VMs whose backups to queue now, in the job's order: under PARALLEL every OUTDATED one; under
     * SEQUENTIAL the first OUTDATED one, and only while none is ONGOING.
     */
    public static List<RunVm> toQueue(Execution execution, List<RunVm> vms) {
        List<RunVm> outdated = vms.stream().filter(v -> v.state() == VmRunState.OUTDATED)
                .sorted(Comparator.comparingInt(RunVm::position)).toList();
        if (execution == Execution.PARALLEL) {
            return outdated;
        }
        boolean busy = vms.stream().anyMatch(v -> v.state() == VmRunState.ONGOING);
        return busy || outdated.isEmpty() ? List.of() : List.of(outdated.get(0));
    }

    /** Whether a running run is over: no VM is OUTDATED or ONGOING. */
    public static boolean isOver(List<RunVm> vms) {
        return vms.stream().noneMatch(v -> v.state() == VmRunState.OUTDATED || v.state() == VmRunState.ONGOING);
    }
}
