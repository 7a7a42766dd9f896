package io.kboss.server.host.domain;

import java.util.Locale;
import java.util.Set;

/**
 * Maps what the hypervisor reports to the VM's power state and, where the backup lifecycle does not
 * own it, to the VM's state as {@code listVirtualMachines} shows it (CloudStack's names).
 */
public enum VmPowerState {
    PowerOn, PowerOff, PowerUnknown;

    /**
     * States owned by the backup lifecycle: discovery never overwrites them, or a sync during a
     * backup would hide BackingUp and a sync after a failed one would clear BackupError.
     */
    private static final Set<String> LIFECYCLE_STATES = Set.of("BackingUp", "BackupError", "Restoring");

    /** From the agent's libvirt state name (RUNNING, PAUSED, SHUTOFF, ...). */
    public static VmPowerState fromLibvirt(String libvirtState) {
        if (libvirtState == null) {
            return PowerUnknown;
        }
        return switch (libvirtState.toUpperCase(Locale.ROOT)) {
            case "RUNNING", "PAUSED", "BLOCKED", "SHUTTING_DOWN", "SUSPENDED" -> PowerOn;
            case "SHUTOFF", "CRASHED" -> PowerOff;
            default -> PowerUnknown;
        };
    }

    /**
     * The VM state a discovery should write, given the current one, while a stop waits for a Stopping VM.
     *
     * @see #nextVmState(String, boolean)
     */
    public String nextVmState(String current) {
        return nextVmState(current, true);
    }

    /**
     * The VM state a discovery or the lifecycle feed should write, given the current one. A Stopping VM (a
     * stop asked its guest to shut down) stays Stopping while it is still on, whatever event or discovery
     * reports it running, and becomes Stopped once it is off. Stopping lasts only as long as the stop's job
     * waits ({@code stopAwaited}): when nobody waits any more (the management server running the job stopped
     * during the wait, and the job was failed), a VM that is still on is Running again, as it is.
     */
    public String nextVmState(String current, boolean stopAwaited) {
        if (current != null && LIFECYCLE_STATES.contains(current)) {
            return current;
        }
        if ("Stopping".equals(current) && this == PowerOn && stopAwaited) {
            return current;
        }
        return switch (this) {
            case PowerOn -> "Running";
            case PowerOff -> "Stopped";
            case PowerUnknown -> "Unknown";
        };
    }
}
