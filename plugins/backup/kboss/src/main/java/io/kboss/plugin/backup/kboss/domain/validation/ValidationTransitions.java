package io.kboss.plugin.backup.kboss.domain.validation;

import static io.kboss.plugin.backup.kboss.domain.validation.ValidationEvent.*;
import static io.kboss.plugin.backup.kboss.domain.validation.ValidationStatus.*;

import io.kboss.plugin.backup.kboss.domain.lifecycle.TransitionTable;
import java.util.Set;

/**
 * The one table of validation status changes. A backup is validated once (NotValidated → Validating →
 * a verdict); a Valid backup is then only re-hashed, and a hash that differs makes it NotValid. A
 * verdict is final: a late or repeated answer cannot turn NotValid back into Valid.
 */
public final class ValidationTransitions {
    private static final TransitionTable<ValidationStatus, ValidationEvent> TABLE = new TransitionTable<>(
            "backup validation",
            ValidationStatus.class, ValidationEvent.class, ValidationStatus::apiName);

    static {
        TABLE.allow(NOT_VALIDATED, STARTED, VALIDATING);
        // A job that expired in the queue, or failed on the server, before it started.
        TABLE.allow(NOT_VALIDATED, UNABLE, UNABLE_TO_VALIDATE);
        TABLE.allow(VALIDATING, PASSED, VALID);
        TABLE.allow(VALIDATING, FAILED, NOT_VALID);
        TABLE.allow(VALIDATING, UNABLE, UNABLE_TO_VALIDATE);
        TABLE.allow(VALIDATING, RETRYING, NOT_VALIDATED);
        TABLE.allow(VALID, HASH_DIFFERED, NOT_VALID);
        // NotValid has no row: it accepts nothing (a verdict found wrong stays so).
        // No verdict was reached: an operator may have it validated again. NotValid and Valid are verdicts.
        TABLE.allow(UNABLE_TO_VALIDATE, REQUEUED, NOT_VALIDATED);
    }

    private ValidationTransitions() {
    }

    /** The status that follows {@code event} in {@code current}; throws if the table has no such move. */
    public static ValidationStatus next(ValidationStatus current, ValidationEvent event) {
        return TABLE.next(current, event);
    }

    public static Set<ValidationEvent> accepted(ValidationStatus current) {
        return TABLE.accepted(current);
    }
}
