package io.kboss.agent.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * Boots a backup in a throwaway VM and checks it. The VM ({@code kboss-validation-<backupUuid>})
 * is transient, copies the CPU, memory and boot definition of the backed-up VM (which must be
 * defined on this host), has no network interface, and reads qcow2 overlays on the agent's local
 * scratch space whose backing files are the backup's chains: the backup files are never written.
 * The steps run in the order given; the VM and its overlays are destroyed when the job ends,
 * fails, times out or is cancelled, and by the agent's next start after a crash.
 *
 * <p>The job SUCCEEDS when the validation ran, whatever it found: its {@link ValidationResult}
 * says whether the backup is valid and, if not, which step failed and why. The job FAILS only
 * when it could not validate (store unreachable, VM unknown, scratch space unusable).
 */
public class ValidateBackupCommand extends JobCommand {
    public static final String NAME = "validate-backup";
    public String backupUuid;
    /** The backed-up VM, defined on this host: its CPU, memory and boot definition are copied. */
    public String vmUuid;
    public StoreRef store;
    public List<ValidationDisk> disks = new ArrayList<>();
    public List<ValidationStep> steps = new ArrayList<>();
    /** backupValidationBootTimeout / backup.validation.boot.default.timeout. */
    public long bootTimeoutSeconds = 240;
    /** backupValidationCommand: the program the guest agent runs; null skips execute_command. */
    public String command;
    /** backupValidationCommandArguments, one argument each (never a shell string). */
    public List<String> commandArguments = new ArrayList<>();
    /**
     * backupValidationCommandExpectedResult: the expected standard output, Base64. Compared with
     * the output as it is, or with both ends' trailing line breaks and spaces removed. Null: the
     * command must exit with code 0.
     */
    public String expectedOutputBase64;
    /** backupValidationCommandTimeout / backup.validation.script.default.timeout. */
    public long commandTimeoutSeconds = 60;
    /** backupValidationScreenshotWait / backup.validation.screenshot.default.wait. */
    public long screenshotWaitSeconds = 60;
    /**
     * Where the screenshot goes, relative to the store root; null: beside the newest file of the
     * first disk, {@code <that file without .qcow2>.validation.png}.
     */
    public String screenshotPath;
    /** The job's own bound in seconds (backup.validation.timeout); below 1: none. */
    public long timeoutSeconds;

    @Override
    public String commandName() {
        return NAME;
    }
}
