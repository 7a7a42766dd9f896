package io.kboss.cloudstack;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.cloud.vm.VMInstanceVO;
import io.kboss.client.PendingJob;
import io.kboss.client.model.Backup;
import io.kboss.client.model.VirtualMachine;
import java.time.Instant;

/**
 * Values for the provider's unit tests: kboss answers as the client types them, CloudStack VMs as
 * Mockito stubs (their rows have forty columns; a test needs five).
 */
final class KbossFakes {
    static final long ZONE = 3L;
    static final Instant TAKEN = Instant.parse("2025-11-02T10:15:30Z");

    private KbossFakes() {
    }

    /** A running CloudStack VM of account 11, domain 12, in the zone, with CloudStack offering 21. */
    static VMInstanceVO cloudStackVm(long id, String instanceName) {
        VMInstanceVO vm = mock(VMInstanceVO.class);
        when(vm.getId()).thenReturn(id);
        when(vm.getUuid()).thenReturn("cs-vm-" + id);
        when(vm.getInstanceName()).thenReturn(instanceName);
        when(vm.getName()).thenReturn(instanceName);
        when(vm.getDataCenterId()).thenReturn(ZONE);
        when(vm.getAccountId()).thenReturn(11L);
        when(vm.getDomainId()).thenReturn(12L);
        when(vm.getBackupOfferingId()).thenReturn(21L);
        when(vm.getState()).thenReturn(com.cloud.vm.VirtualMachine.State.Running);
        return vm;
    }

    static VirtualMachine kbossVm(String id, String name, String offeringId) {
        return new VirtualMachine(id, name, name, name, "Running", "kboss-host-1", "host1", "kboss-zone", "zone",
                "admin", "d", "ROOT", offeringId, offeringId == null ? null : "gold", "KVM", TAKEN);
    }

    /** A BackedUp kboss backup of VM {@code vmName}. */
    static Backup kbossBackup(String id, String vmId, String vmName, String type, String status) {
        return new Backup(id, vmId, vmName, type, null, "chain-1", 0, false, 2_000_000L, 64L << 20, status, false,
                null, null, null, null, TAKEN.minusSeconds(30), TAKEN, "kboss-zone", "kboss-gold", "gold", "acc",
                "admin", "d", null, null, null, null, null, null, null, null, null, null);
    }

    @SuppressWarnings("unchecked")
    static <T> PendingJob<T> finished(T result) {
        PendingJob<T> job = mock(PendingJob.class);
        when(job.await(any())).thenReturn(result);
        when(job.jobId()).thenReturn("job-1");
        return job;
    }
}
