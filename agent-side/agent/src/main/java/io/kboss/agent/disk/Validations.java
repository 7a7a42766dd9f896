package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.ProgressListener;
import io.kboss.agent.disk.domain.ValidationOutcome;
import io.kboss.agent.disk.domain.ValidationRequest;
import io.kboss.agent.domain.CancelToken;

/**
 * Validation of a backup in a throwaway VM.
 *
 * <p>Contract:
 * <ul>
 *   <li>The VM is transient, named {@link ValidationRequest#domainName()}, and copies the CPU,
 *       memory and boot definition of the backed-up VM (defined on this host). It has no network
 *       interface nor any other way out, its disks are qcow2 overlays in the request's scratch
 *       folder backed by the backup files (opened read-only: the backup is never written), and a
 *       UEFI VM gets a copy of its NVRAM.</li>
 *   <li>Before the VM starts, every file of each chain is opened (qemu-img info --backing-chain);
 *       a chain that cannot be is the first step's failure.</li>
 *   <li>wait_for_boot passes when the guest agent answers a guest-ping within the boot timeout
 *       (from the VM's start); execute_command runs the command through guest-exec and compares
 *       its output, or wants exit code 0; screenshot, after the wait (from the VM's start), stores
 *       the console as PNG. A step that cannot check anything (no guest-agent channel, the VM
 *       stopped, or a guest agent that never answered while the running backed-up VM's own agent
 *       does not answer either) is UNABLE; a guest agent that never answered while the VM's own
 *       answers, or while the VM is not running, FAILS the step; one not configured, or needing an
 *       agent that never answered, is SKIPPED.</li>
 *   <li>The VM is destroyed and the scratch folder deleted before the call returns, also on
 *       cancel or failure; if that cannot be done the call throws, and the caller's journaled
 *       leftovers finish it.</li>
 * </ul>
 * Progress counts steps (done of total); the phase says which.
 */
public interface Validations {
    ValidationOutcome validate(ValidationRequest request, ProgressListener progress, CancelToken cancel);
}
