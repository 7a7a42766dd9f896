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
}
