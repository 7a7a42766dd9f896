package io.kboss.agent.domain;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.contract.JobState;
import io.kboss.test.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.Test;

public class ReplayGuardTest {
    private final SettableClock clock = new SettableClock(Instant.ofEpochMilli(1_000_000));
    private final ReplayGuard guard = new ReplayGuard(clock, 300_000, 3);

    @Test
    public void aNonceIsAcceptedOnceWhileItsTimestampIsStillValid() {
        assertTrue(guard.admit(clock.millis(), "n1"));
        assertFalse(guard.admit(clock.millis(), "n1"));
        clock.advance(Duration.ofMillis(299_000));
        assertFalse(guard.admit(clock.millis() - 299_000, "n1"));
    }

    @Test
    public void aRequestSignedBeforeTheAgentStartedIsRefusedBecauseItsNonceMayHaveBeenSeenBeforeTheRestart() {
        clock.advance(Duration.ofMillis(10_000));
        assertFalse(guard.admit(clock.millis() - 10_001, "signed-before-start"));
        assertTrue(guard.admit(clock.millis() - 10_000, "signed-at-start"));
    }

    @Test
    public void timestampsOutsideTheSkewAreRefusedInBothDirections() {
        clock.advance(Duration.ofMillis(400_000));
        assertFalse(guard.admit(clock.millis() - 300_001, "a"));
        assertFalse(guard.admit(clock.millis() + 300_001, "b"));
        assertTrue(guard.admit(clock.millis() + 299_999, "c"));
    }

    @Test
    public void oldNoncesAreForgottenOnlyAfterTheirTimestampsExpiredSoMemoryStaysBounded() {
        assertTrue(guard.admit(clock.millis(), "x"));
        assertTrue(guard.admit(clock.millis(), "y"));
        assertTrue(guard.admit(clock.millis(), "z"));
        assertFalse("full", guard.admit(clock.millis(), "w"));
        clock.advance(Duration.ofMillis(600_001));
        assertTrue(guard.admit(clock.millis(), "w"));
        assertFalse("an old request is still refused, by its timestamp", guard.admit(clock.millis() - 600_001, "x"));
        assertTrue("a fresh request may reuse a long-forgotten nonce", guard.admit(clock.millis(), "x"));
    }

    @Test
    public void jobStatesOnlyMoveForwardAndFinalStatesAreFinal() {
        assertTrue(JobLifecycle.allowed(JobState.QUEUED, JobState.RUNNING));
        assertTrue(JobLifecycle.allowed(JobState.RUNNING, JobState.CANCELLED));
        assertFalse(JobLifecycle.allowed(JobState.SUCCEEDED, JobState.FAILED));
        assertFalse(JobLifecycle.allowed(JobState.RUNNING, JobState.QUEUED));
        try {
            JobLifecycle.transition("j", JobState.FAILED, JobState.RUNNING);
            org.junit.Assert.fail();
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().contains("j cannot go from FAILED to RUNNING"));
        }
    }
}
