package io.kboss.agent.disk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.disk.domain.DiskOperationException;
import java.util.HashSet;
import java.util.Set;
import org.junit.Test;

public class DiskAttachTargetTest {

    @Test
    public void theNewDiskTakesTheFirstVirtioNameNoDefinitionUses() {
        assertEquals("vdb", DiskAttach.freeTarget(Set.of("vda", "hdc")));
        assertEquals("vdd", DiskAttach.freeTarget(Set.of("vda", "vdb", "vdc", "vde")));
    }

    @Test
    public void aVmUsingEveryVirtioNameIsToldToDetachADiskFirst() {
        Set<String> all = new HashSet<>();
        for (char c = 'a'; c <= 'z'; c++) {
            all.add("vd" + c);
        }
        DiskOperationException e = assertThrows(DiskOperationException.class, () -> DiskAttach.freeTarget(all));
        assertTrue(e.getMessage(), e.getMessage().contains("detach a disk first"));
    }

    @Test
    public void targetsAndFilesAreReadFromLiveAndBackingElementsAlike() {
        DomainXml xml = DomainXml.parse("<domain><devices>"
                + "<disk type='file' device='disk'><source file='/a/top.qcow2'/><backingStore type='file'>"
                + "<source file='/a/base.qcow2'/></backingStore><target dev='vda'/></disk>"
                + "<disk type='file' device='cdrom'><source file='/a/../a/cd.iso'/><target dev='hdc'/></disk>"
                + "</devices></domain>");
        assertEquals(Set.of("vda", "hdc"), xml.targets());
        assertEquals(Set.of(java.nio.file.Path.of("/a/top.qcow2"), java.nio.file.Path.of("/a/base.qcow2"),
                java.nio.file.Path.of("/a/cd.iso")), xml.files());
    }
}
