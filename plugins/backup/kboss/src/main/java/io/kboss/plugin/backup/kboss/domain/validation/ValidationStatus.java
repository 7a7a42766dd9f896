package io.kboss.plugin.backup.kboss.domain.validation;

import java.util.Arrays;

/** What is known of whether a backup can be booted and holds what it should, as listBackups spells it. */
public enum ValidationStatus {
    /** Never validated yet (or its last attempt failed and another is queued). */
    NOT_VALIDATED("NotValidated"),
    /** A validation job is booting and checking it now. */
    VALIDATING("Validating"),
    /** Every step passed, and the files still hash as they did after the first Valid. */
    VALID("Valid"),
    /** A step failed (the backup does not boot, or does not hold what it should), or its files changed. */
    NOT_VALID("NotValid"),
    /** A step could not check anything (no guest agent, the VM not running), or no attempt could run. */
    UNABLE_TO_VALIDATE("UnableToValidate");

    private final String apiName;

    ValidationStatus(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    public static ValidationStatus fromApiName(String name) {
        return Arrays.stream(values()).filter(s -> s.apiName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown validation status '" + name + "'"));
    }

    @Override
    public String toString() {
        return apiName;
    }
}
