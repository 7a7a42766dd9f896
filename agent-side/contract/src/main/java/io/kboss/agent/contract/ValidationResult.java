package io.kboss.agent.contract;

import java.util.ArrayList;
import java.util.List;

/** What a validation found. */
public class ValidationResult {
    /** Every step passed or was skipped for want of configuration. */
    public boolean valid;
    /**
     * The first step that did not pass, null when valid. Its outcome says whether the backup is bad
     * (FAILED: NotValid) or could not be checked (UNABLE: UnableToValidate).
     */
    public ValidationStep failedStep;
    public StepOutcome failedOutcome;
    /** Why that step did not pass: "the guest agent did not answer within 240 s", "output differed: ...". */
    public String failureReason;
    public List<StepResult> steps = new ArrayList<>();
    /** The screenshot, relative to the store root, when one was taken. */
    public String screenshotPath;
    public long screenshotBytes;
    /** The throwaway domain's name, for the agent's log. */
    public String domainName;

    /** How one step ended. */
    public enum StepOutcome {
        PASSED,
        /** The backup failed the step: it is not valid. */
        FAILED,
        /** The step could not check anything (no guest-agent channel, the VM not running). */
        UNABLE,
        /** Not run: not configured (no command), or it needs what an earlier step found missing. */
        SKIPPED
    }

    /** One step as it ran. */
    public static class StepResult {
        public ValidationStep step;
        public StepOutcome outcome;
        public String detail;
        public long millis;
    }
}
