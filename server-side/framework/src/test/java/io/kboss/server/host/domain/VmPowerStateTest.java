package io.kboss.server.host.domain;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class VmPowerStateTest {

    @Test
    public void discoveryFollowsThePowerStateButNeverOverwritesBackupLifecycleStates() {
        assertEquals("Running", VmPowerState.fromLibvirt("RUNNING").nextVmState("Stopped"));
        assertEquals("Stopped", VmPowerState.fromLibvirt("SHUTOFF").nextVmState("Running"));
        assertEquals("BackupError", VmPowerState.fromLibvirt("SHUTOFF").nextVmState("BackupError"));
        assertEquals("BackingUp", VmPowerState.fromLibvirt("RUNNING").nextVmState("BackingUp"));
        assertEquals("a guest asked to shut down is Stopping until it is off", "Stopping",
                VmPowerState.fromLibvirt("RUNNING").nextVmState("Stopping"));
        assertEquals("Stopped", VmPowerState.fromLibvirt("SHUTOFF").nextVmState("Stopping"));
        assertEquals(VmPowerState.PowerUnknown, VmPowerState.fromLibvirt(null));
    }
}
