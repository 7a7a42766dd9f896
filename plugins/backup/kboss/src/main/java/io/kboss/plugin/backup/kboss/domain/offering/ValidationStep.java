package io.kboss.plugin.backup.kboss.domain.offering;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The steps a backup validation runs on a throwaway VM built from the backup. */
public enum ValidationStep {
    /** Waits for the guest agent to answer; needs no per-VM configuration. */
    WAIT_FOR_BOOT("wait_for_boot", false),
    /** Runs the VM's backupValidationCommand; skipped on VMs without that setting. */
    EXECUTE_COMMAND("execute_command", true),
    /** Takes a PNG of the console; needs no guest agent and no per-VM configuration. */
    SCREENSHOT("screenshot", false);

    private final String apiName;
    private final boolean needsVmConfiguration;

    ValidationStep(String apiName, boolean needsVmConfiguration) {
        this.apiName = apiName;
        this.needsVmConfiguration = needsVmConfiguration;
    }

    public String apiName() {
        return apiName;
    }

    /**
     * The steps an offering gets when it turns validation on without naming any: every step that
     * does something useful without per-VM settings. execute_command is left out because it would
     * silently do nothing on VMs that have no validation command configured.
     */
    public static Set<ValidationStep> defaults() {
        EnumSet<ValidationStep> steps = EnumSet.noneOf(ValidationStep.class);
        for (ValidationStep step : values()) {
            if (!step.needsVmConfiguration) {
                steps.add(step);
            }
        }
        return steps;
    }

    /** Accepts the API name in any letter case. */
    public static Optional<ValidationStep> fromApiName(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.apiName.equals(wanted)).findFirst();
    }

    public static String allowedNames() {
        return Arrays.stream(values()).map(ValidationStep::apiName).collect(Collectors.joining(", "));
    }
}
