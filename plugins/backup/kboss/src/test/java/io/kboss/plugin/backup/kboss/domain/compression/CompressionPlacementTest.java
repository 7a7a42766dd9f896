package io.kboss.plugin.backup.kboss.domain.compression;

import static org.junit.Assert.assertEquals;

import io.kboss.plugin.backup.kboss.domain.compression.CompressionPlacement.HostLoad;
import java.util.List;
import java.util.Optional;
import org.junit.Test;

public class CompressionPlacementTest {

    @Test
    public void theBackupsOwnHostKeepsTheWorkWhileItHasRoom() {
        assertEquals(Optional.of(2L), CompressionPlacement.choose(2L, List.of(new HostLoad(1, 0, 5),
                new HostLoad(2, 4, 5))));
        assertEquals("no limit is room", Optional.of(2L), CompressionPlacement.choose(2L, List.of(
                new HostLoad(1, 0, 5), new HostLoad(2, 40, 0))));
    }

    @Test
    public void aFullOwnHostSendsTheWorkToTheUpHostWithTheMostRoom() {
        assertEquals(Optional.of(3L), CompressionPlacement.choose(1L, List.of(new HostLoad(1, 5, 5),
                new HostLoad(2, 3, 5), new HostLoad(3, 1, 5))));
        assertEquals("ties go to the lowest id", Optional.of(2L), CompressionPlacement.choose(1L, List.of(
                new HostLoad(1, 5, 5), new HostLoad(2, 1, 5), new HostLoad(3, 1, 5))));
    }

    @Test
    public void aBackupHostThatIsNotUpIsReplacedByAnUpHost() {
        assertEquals(Optional.of(4L), CompressionPlacement.choose(9L, List.of(new HostLoad(4, 0, 1))));
    }

    @Test
    public void whenEveryHostIsFullTheWorkWaitsOnTheLeastLoadedOne() {
        assertEquals(Optional.of(2L), CompressionPlacement.choose(1L, List.of(new HostLoad(1, 7, 5),
                new HostLoad(2, 6, 5), new HostLoad(3, 9, 5))));
    }

    @Test
    public void aZoneWithoutUpHostsPlacesNothing() {
        assertEquals(Optional.empty(), CompressionPlacement.choose(1L, List.of()));
    }

    @Test
    public void aQueuedCompressionOnADownHostMovesToTheUpHostWithTheMostRoomEvenWhenAllAreFull() {
        assertEquals(Optional.of(3L), CompressionPlacement.chooseAgain(1L, 1L, List.of(new HostLoad(2, 4, 5),
                new HostLoad(3, 1, 5))));
        assertEquals("any Up host beats a Down one", Optional.of(2L), CompressionPlacement.chooseAgain(1L, 1L,
                List.of(new HostLoad(2, 9, 5))));
    }

    @Test
    public void aQueuedCompressionOnAFullUpHostMovesOnlyToAHostWithRoom() {
        assertEquals(Optional.of(2L), CompressionPlacement.chooseAgain(1L, 1L, List.of(new HostLoad(1, 5, 5),
                new HostLoad(2, 0, 5))));
        assertEquals("every host full: it waits where it is", Optional.empty(), CompressionPlacement.chooseAgain(1L,
                1L, List.of(new HostLoad(1, 6, 5), new HostLoad(2, 5, 5))));
    }

    @Test
    public void aRetryWaitingElsewhereGoesBackToTheBackupsOwnHostOnceItIsUpWithRoom() {
        assertEquals(Optional.of(1L), CompressionPlacement.chooseAgain(2L, 1L, List.of(new HostLoad(1, 0, 5),
                new HostLoad(2, 0, 5))));
    }

    @Test
    public void aCompressionAlreadyWhereItWouldBePlacedOrInAZoneWithoutUpHostsStays() {
        assertEquals(Optional.empty(), CompressionPlacement.chooseAgain(1L, 1L, List.of(new HostLoad(1, 4, 5),
                new HostLoad(2, 0, 5))));
        assertEquals(Optional.empty(), CompressionPlacement.chooseAgain(1L, 1L, List.of()));
    }
}
