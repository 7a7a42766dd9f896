package io.kboss.agent.disk.domain;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a validation found, step by step. The backup is valid when no step FAILED or was UNABLE;
 * the first that did is the one to report.
 *
 * @param screenshot the PNG written, or null
 */
public record ValidationOutcome(String domainName, List<StepResult> steps, Path screenshot, long screenshotBytes,
        Duration elapsed) {

    /** How a step ended. */
    public enum Verdict {
        PASSED,
        /** The backup failed the check: it is not valid. */
        FAILED,
        /** The check could not be made (no guest-agent channel, the VM not running). */
        UNABLE,
        /** Not run: not configured, or it needs what an earlier step found missing. */
        SKIPPED
    }

    public record StepResult(ValidationRequest.Step step, Verdict verdict, String detail, Duration took) {
    }

    public ValidationOutcome {
        steps = List.copyOf(steps);
    }

    public Optional<StepResult> firstNotPassed() {
        return steps.stream().filter(s -> s.verdict() == Verdict.FAILED || s.verdict() == Verdict.UNABLE).findFirst();
    }

    public boolean valid() {
        return firstNotPassed().isEmpty();
    }
}
