package io.kboss.plugin.backup.kboss.domain.validation;

import static io.kboss.plugin.backup.kboss.domain.validation.ValidationEvent.*;
import static io.kboss.plugin.backup.kboss.domain.validation.ValidationStatus.*;

import io.kboss.plugin.backup.kboss.domain.lifecycle.IllegalTransitionException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The one table of validation status changes. A backup is validated once (NotValidated → Validating →
 * a verdict); a Valid backup is then only re-hashed, and a hash that differs makes it NotValid. A
 * verdict is final: a late or repeated answer cannot turn NotValid back into Valid.
 */
public final class ValidationTransitions {
    private static final Map<ValidationStatus, Map<ValidationEvent, ValidationStatus>> TABLE = new EnumMap<>(
            ValidationStatus.class);

    static {
        allow(NOT_VALIDATED, STARTED, VALIDATING);
        // A job that expired in the queue, or failed on the server, before it started.
        allow(NOT_VALIDATED, UNABLE, UNABLE_TO_VALIDATE);
        allow(VALIDATING, PASSED, VALID);
        allow(VALIDATING, FAILED, NOT_VALID);
        allow(VALIDATING, UNABLE, UNABLE_TO_VALIDATE);
        allow(VALIDATING, RETRYING, NOT_VALIDATED);
        allow(VALID, HASH_DIFFERED, NOT_VALID);
        TABLE.put(NOT_VALID, Map.of());
        // No verdict was reached: an operator may have it validated again. NotValid and Valid are verdicts.
        allow(UNABLE_TO_VALIDATE, REQUEUED, NOT_VALIDATED);
    }

    private ValidationTransitions() {
    }

    private static void allow(ValidationStatus from, ValidationEvent event, ValidationStatus to) {
        TABLE.computeIfAbsent(from, s -> new EnumMap<>(ValidationEvent.class)).put(event, to);
    }

    /** The status that follows {@code event} in {@code current}; throws if the table has no such move. */
    public static ValidationStatus next(ValidationStatus current, ValidationEvent event) {
        ValidationStatus to = TABLE.getOrDefault(current, Map.of()).get(event);
        if (to == null) {
            throw new IllegalTransitionException("backup validation", current, event, accepted(current));
        }
        return to;
    }

    public static Set<ValidationEvent> accepted(ValidationStatus current) {
        return Collections.unmodifiableSet(TABLE.getOrDefault(current, Map.of()).keySet());
    }
}
