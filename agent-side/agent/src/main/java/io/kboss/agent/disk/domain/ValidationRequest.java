package io.kboss.agent.disk.domain;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Boot a backup in a throwaway VM and check it.
 *
 * @param vmName the backed-up VM's libvirt name: its CPU, memory and boot definition are copied
 * @param domainName the throwaway VM's name; must start with {@link #DOMAIN_PREFIX}
 * @param newestBackupByDisk each validated disk's device ({@code vda}) and the newest file of its
 *     chain, absolute; qemu-img follows the relative backing paths down to the full
 * @param scratch a folder that must not exist yet, on local storage QEMU can reach: the overlays,
 *     the console log and a copy of the VM's NVRAM go there, and it is deleted at the end
 * @param steps what to check, in this order
 * @param bootTimeout how long the guest agent may take to answer after the VM starts
 * @param command what execute_command runs; null skips that step
 * @param screenshotWait how long to let the VM run before the screenshot
 * @param screenshot where the PNG goes (written beside as {@code .part}, renamed when complete)
 */
public record ValidationRequest(String vmName, String domainName, Map<String, Path> newestBackupByDisk, Path scratch,
        List<Step> steps, Duration bootTimeout, GuestCommand command, Duration screenshotWait, Path screenshot) {

    /** Every throwaway validation VM's name starts with this, and no other VM's does. */
    public static final String DOMAIN_PREFIX = "kboss-validation-";

    /** The checks a validation can make. */
    public enum Step {
        WAIT_FOR_BOOT, EXECUTE_COMMAND, SCREENSHOT
    }

    /**
     * A program the guest agent runs (guest-exec, never a shell of the host), with its arguments;
     * {@code expectedOutput} null means exit code 0 is what passes.
     */
    public record GuestCommand(String program, List<String> arguments, byte[] expectedOutput, Duration timeout) {
        public GuestCommand {
            Objects.requireNonNull(program, "program");
            arguments = List.copyOf(arguments);
            expectedOutput = expectedOutput == null ? null : expectedOutput.clone();
            requirePositive(timeout, "the command's timeout");
        }

        /** Decodes the Base64 expected output, saying which parameter is wrong when it is not Base64. */
        public static byte[] decodeExpected(String base64) {
            if (base64 == null) {
                return null;
            }
            try {
                return Base64.getDecoder().decode(base64.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the expected result of the validation command must be Base64: "
                        + e.getMessage(), e);
            }
        }
    }

    public ValidationRequest {
        Objects.requireNonNull(vmName, "vmName");
        if (domainName == null || !domainName.startsWith(DOMAIN_PREFIX) || !domainName.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("a validation VM's name must start with " + DOMAIN_PREFIX
                    + " and hold only letters, digits, '.', '_' and '-', not " + domainName);
        }
        newestBackupByDisk = new LinkedHashMap<>(newestBackupByDisk);
        if (newestBackupByDisk.isEmpty()) {
            throw new IllegalArgumentException("a validation needs at least one disk of the backup");
        }
        for (Path p : newestBackupByDisk.values()) {
            if (!p.isAbsolute()) {
                throw new IllegalArgumentException("backup paths must be absolute: " + p);
            }
        }
        Objects.requireNonNull(scratch, "scratch");
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a validation needs at least one step");
        }
        requirePositive(bootTimeout, "the boot timeout");
        Objects.requireNonNull(screenshotWait, "screenshotWait");
        if (screenshotWait.isNegative()) {
            throw new IllegalArgumentException("the screenshot wait cannot be negative: " + screenshotWait);
        }
        if (steps.contains(Step.SCREENSHOT)) {
            Objects.requireNonNull(screenshot, "screenshot");
        }
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive, not " + d);
        }
    }
}
