package io.kboss.server.host.domain;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import io.kboss.server.host.domain.DiskSetFingerprint.Disk;
import java.util.List;
import org.junit.Test;

public class DiskSetFingerprintTest {
    private final Disk root = new Disk("11111111-1111-1111-1111-111111111111", 64L << 20);
    private final Disk data = new Disk("22222222-2222-2222-2222-222222222222", 32L << 20);

    @Test
    public void theOrderOfDisksDoesNotMatter() {
        assertEquals(DiskSetFingerprint.of(List.of(root, data)), DiskSetFingerprint.of(List.of(data, root)));
        assertEquals(64, DiskSetFingerprint.of(List.of(root)).length());
    }

    @Test
    public void anAddedRemovedOrResizedDiskChangesTheFingerprint() {
        String both = DiskSetFingerprint.of(List.of(root, data));
        assertNotEquals(both, DiskSetFingerprint.of(List.of(root)));
        assertNotEquals(both, DiskSetFingerprint.of(List.of(root, new Disk(data.volumeUuid(), 33L << 20))));
    }
}
