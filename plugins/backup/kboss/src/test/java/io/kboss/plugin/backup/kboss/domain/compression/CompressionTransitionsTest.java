package io.kboss.plugin.backup.kboss.domain.compression;

import static io.kboss.plugin.backup.kboss.domain.compression.CompressionEvent.*;
import static io.kboss.plugin.backup.kboss.domain.compression.CompressionStatus.*;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.kboss.plugin.backup.kboss.domain.lifecycle.IllegalTransitionException;
import org.junit.Test;

public class CompressionTransitionsTest {

    @Test
    public void anAttemptGoesFromUncompressedThroughCompressingAndFinalizingToCompressed() {
        CompressionStatus s = CompressionTransitions.next(UNCOMPRESSED, STARTED);
        assertEquals(COMPRESSING, s);
        s = CompressionTransitions.next(s, FINALIZING);
        assertEquals(FINALIZING_COMPRESSION, s);
        assertEquals(COMPRESSED, CompressionTransitions.next(s, SUCCEEDED));
        assertEquals("a copy the agent found not smaller is kept: no finalizing", COMPRESSED,
                CompressionTransitions.next(COMPRESSING, SUCCEEDED));
    }

    @Test
    public void aFailedAttemptWithAttemptsLeftIsUncompressedAgainAndTheLastEndsCompressionError() {
        assertEquals(UNCOMPRESSED, CompressionTransitions.next(COMPRESSING, ATTEMPT_FAILED));
        assertEquals(UNCOMPRESSED, CompressionTransitions.next(FINALIZING_COMPRESSION, ATTEMPT_FAILED));
        assertEquals(COMPRESSION_ERROR, CompressionTransitions.next(COMPRESSING, GAVE_UP));
        assertEquals("given up while waiting for its retry", COMPRESSION_ERROR,
                CompressionTransitions.next(UNCOMPRESSED, GAVE_UP));
    }

    @Test
    public void aCancelledCompressionIsUncompressedWhereverItStoodButCannotUndoAnEnd() {
        assertEquals(UNCOMPRESSED, CompressionTransitions.next(UNCOMPRESSED, CANCELLED));
        assertEquals(UNCOMPRESSED, CompressionTransitions.next(COMPRESSING, CANCELLED));
        assertEquals(UNCOMPRESSED, CompressionTransitions.next(FINALIZING_COMPRESSION, CANCELLED));
        assertThrows(IllegalTransitionException.class, () -> CompressionTransitions.next(COMPRESSED, CANCELLED));
        assertThrows(IllegalTransitionException.class, () -> CompressionTransitions.next(COMPRESSION_ERROR,
                CANCELLED));
    }

    @Test
    public void anAdoptedAttemptStartsAgainWhereItWas() {
        assertEquals(COMPRESSING, CompressionTransitions.next(COMPRESSING, STARTED));
        assertEquals(FINALIZING_COMPRESSION, CompressionTransitions.next(FINALIZING_COMPRESSION, STARTED));
    }

    @Test
    public void compressedTakesOnlyARewriteAndCompressionErrorAlsoAnOperatorsRequeueBothMakingThemUncompressed() {
        assertEquals(java.util.Set.of(REWRITTEN), CompressionTransitions.accepted(COMPRESSED));
        assertEquals(java.util.Set.of(REWRITTEN, REQUEUED), CompressionTransitions.accepted(COMPRESSION_ERROR));
        assertEquals(UNCOMPRESSED, CompressionTransitions.next(COMPRESSION_ERROR, REQUEUED));
        assertEquals("after a cancel", UNCOMPRESSED, CompressionTransitions.next(UNCOMPRESSED, REQUEUED));
        for (CompressionStatus end : new CompressionStatus[]{COMPRESSED, COMPRESSION_ERROR}) {
            assertEquals(UNCOMPRESSED, CompressionTransitions.next(end, REWRITTEN));
            IllegalTransitionException e = assertThrows(IllegalTransitionException.class,
                    () -> CompressionTransitions.next(end, STARTED));
            assertTrue(e.getMessage(), e.getMessage().contains(end.apiName()));
        }
    }
}
