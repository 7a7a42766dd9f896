package io.kboss.plugin.backup.kboss.domain.validation;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.kboss.plugin.backup.kboss.domain.lifecycle.IllegalTransitionException;
import java.time.Duration;
import java.time.Instant;
import org.junit.Test;

public class ValidationTransitionsTest {
    private static final Instant T = Instant.parse("2026-03-01T08:00:00Z");

    @Test
    public void aValidationStartsFromNotValidatedAndEndsInOneOfThreeVerdicts() {
        ValidationStatus validating = ValidationTransitions.next(ValidationStatus.NOT_VALIDATED,
                ValidationEvent.STARTED);
        assertEquals(ValidationStatus.VALIDATING, validating);
        assertEquals(ValidationStatus.VALID, ValidationTransitions.next(validating, ValidationEvent.PASSED));
        assertEquals(ValidationStatus.NOT_VALID, ValidationTransitions.next(validating, ValidationEvent.FAILED));
        assertEquals(ValidationStatus.UNABLE_TO_VALIDATE, ValidationTransitions.next(validating,
                ValidationEvent.UNABLE));
    }

    @Test
    public void onlyAValidBackupsChangedHashMakesItNotValid() {
        assertEquals(ValidationStatus.NOT_VALID, ValidationTransitions.next(ValidationStatus.VALID,
                ValidationEvent.HASH_DIFFERED));
        assertThrows(IllegalTransitionException.class, () -> ValidationTransitions.next(ValidationStatus.VALIDATING,
                ValidationEvent.HASH_DIFFERED));
    }

    @Test
    public void aVerdictIsFinalSoALateAnswerCannotMakeANotValidBackupValid() {
        IllegalTransitionException e = assertThrows(IllegalTransitionException.class,
                () -> ValidationTransitions.next(ValidationStatus.NOT_VALID, ValidationEvent.PASSED));
        assertTrue(e.getMessage(), e.getMessage().contains("NotValid"));
        assertEquals("only an operator's validateBackup", java.util.Set.of(ValidationEvent.REQUEUED),
                ValidationTransitions.accepted(ValidationStatus.UNABLE_TO_VALIDATE));
        assertEquals(ValidationStatus.NOT_VALIDATED, ValidationTransitions.next(ValidationStatus.UNABLE_TO_VALIDATE,
                ValidationEvent.REQUEUED));
        assertThrows(IllegalTransitionException.class, () -> ValidationTransitions.next(ValidationStatus.NOT_VALID,
                ValidationEvent.REQUEUED));
        assertThrows(IllegalTransitionException.class, () -> ValidationTransitions.next(ValidationStatus.VALID,
                ValidationEvent.STARTED));
    }

    @Test
    public void aHashCheckIsDueAnIntervalAfterTheLastOneAndAtOnceWithoutOne() {
        assertTrue(RecheckSchedule.due(null, 24, T));
        assertFalse(RecheckSchedule.due(T, 24, T.plus(Duration.ofHours(23))));
        assertTrue(RecheckSchedule.due(T, 24, T.plus(Duration.ofHours(24))));
    }

    @Test
    public void statusesAreSpelledAsListBackupsShowsThem() {
        for (ValidationStatus s : ValidationStatus.values()) {
            assertEquals(s, ValidationStatus.fromApiName(s.apiName()));
        }
        assertEquals("UnableToValidate", ValidationStatus.UNABLE_TO_VALIDATE.apiName());
    }
}
