package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.DiskOperationException;
import io.kboss.agent.disk.domain.QuiesceMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Freezes a guest's filesystems through its agent for the moment a backup job starts.
 *
 * <p>Failure policy: the guest must never stay frozen. {@link #thaw()} is meant for a finally
 * block, retries, and only gives up after checking the agent's own freeze status; it never throws,
 * because the backup's own error is the one worth reporting.
 */
final class GuestFreeze {
    private static final Logger log = LoggerFactory.getLogger(GuestFreeze.class);
    private static final int THAW_ATTEMPTS = 3;

    private final Hypervisor hypervisor;
    private final Domain domain;
    private final String vmName;
    private final Clock clock;
    private final Duration pingTimeout;
    private Instant frozenAt;
    private Duration frozen = Duration.ZERO;
    private String notQuiescedReason;
    private boolean succeeded;

    GuestFreeze(Hypervisor hypervisor, Domain domain, String vmName, Clock clock, Duration pingTimeout) {
        this.hypervisor = hypervisor;
        this.domain = domain;
        this.vmName = vmName;
        this.clock = clock;
        this.pingTimeout = pingTimeout;
    }

    /**
     * Freezes as {@code mode} asks. REQUIRED fails (nothing changed, disks consistent) when the
     * agent does not answer a guest-ping within the bound or refuses to freeze; PREFERRED goes on
     * crash-consistent and records why.
     */
    void freeze(QuiesceMode mode) {
        if (mode == QuiesceMode.NONE) {
            return;
        }
        try {
            ping();
        } catch (LibvirtException e) {
            refuse(mode, "the guest agent of VM " + vmName + " did not answer guest-ping within "
                    + pingTimeout.toSeconds() + " s (" + e.getMessage() + ")", e);
            return;
        }
        Instant start = clock.instant();
        try {
            hypervisor.fsFreeze(domain);
            frozenAt = start;
            succeeded = true;
        } catch (LibvirtCallException e) {
            frozenAt = start; // a freeze that failed half-way may have frozen some filesystems
            thaw();
            refuse(mode, "the guest agent of VM " + vmName + " could not freeze its filesystems ("
                    + e.getMessage() + ")", e);
        }
    }

    private void ping() throws LibvirtException {
        int seconds = (int) Math.max(1, pingTimeout.toSeconds());
        domain.qemuAgentCommand("{\"execute\":\"guest-ping\"}", seconds, 0);
    }

    private void refuse(QuiesceMode mode, String reason, Exception cause) {
        if (mode == QuiesceMode.REQUIRED) {
            throw new DiskOperationException(reason + ". Nothing was backed up. Start qemu-guest-agent in"
                    + " the guest (and give the VM an org.qemu.guest_agent.0 channel), or allow a"
                    + " crash-consistent backup.", cause, true);
        }
        notQuiescedReason = reason;
        log.warn("backup of VM {} goes on crash-consistent: {}", vmName, reason);
    }

    /** Thaws if this froze anything. Safe to call more than once. */
    void thaw() {
        if (frozenAt == null) {
            return;
        }
        for (int attempt = 1; attempt <= THAW_ATTEMPTS; attempt++) {
            try {
                hypervisor.fsThaw(domain);
                break;
            } catch (LibvirtCallException e) {
                if (!stillFrozen()) {
                    break;
                }
                log.error("thaw of VM {} failed (attempt {} of {}): {}", vmName, attempt, THAW_ATTEMPTS,
                        e.getMessage());
            }
        }
        frozen = Duration.between(frozenAt, clock.instant());
        frozenAt = null;
    }

    private boolean stillFrozen() {
        try {
            return domain.qemuAgentCommand("{\"execute\":\"guest-fsfreeze-status\"}", 5, 0).contains("frozen");
        } catch (LibvirtException e) {
            return true;
        }
    }

    boolean quiesced() {
        return succeeded;
    }

    Duration frozen() {
        return frozen;
    }

    String notQuiescedReason() {
        return notQuiescedReason;
    }
}
