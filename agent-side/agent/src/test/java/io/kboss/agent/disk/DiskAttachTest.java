package io.kboss.agent.disk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.disk.domain.DiskOperationException;
import io.kboss.agent.process.ProcessRunner;
import io.kboss.test.support.LabDomain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** attach-disk's engine part on real libvirt: where the disk goes, and what is refused. */
public class DiskAttachTest {
    private static final int XML_INACTIVE = 2;
    private final DiskEngine engine = DiskEngine.local(Clock.systemUTC());
    private final ProcessRunner runner = new ProcessRunner();
    private LabDomain vm;

    @Before
    public void stoppedVm() throws Exception {
        vm = LabDomain.named("kbt-c-attach-" + UUID.randomUUID().toString().substring(0, 8)).acpi().qcow2Disks(1, "16M")
                .define();
    }

    @After
    public void removeVm() throws Exception {
        vm.close();
    }

    private Path qcow2(String name) {
        Path file = vm.dir.resolve(name);
        runner.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", file.toString(), "8M"), Duration.ofSeconds(30));
        return file;
    }

    private VmDisk disk(String target, boolean live) throws Exception {
        String xml = vm.on(d -> d.getXMLDesc(live ? 0 : XML_INACTIVE));
        return DomainXml.parse(xml).disks().get(target);
    }

    @Test
    public void aRunningVmGetsTheDiskLiveAndInItsDefinitionAtTheNextFreeVirtioName() throws Exception {
        vm.start();
        Path first = qcow2("first.qcow2");
        Path second = qcow2("second.qcow2");

        DiskAttach.Attached a = engine.attachments().attach(vm.name, first);
        DiskAttach.Attached b = engine.attachments().attach(vm.name, second);

        assertEquals(new DiskAttach.Attached("vdb", true), a);
        assertEquals(new DiskAttach.Attached("vdc", true), b);
        assertEquals(first, disk("vdb", true).source());
        assertEquals(first, disk("vdb", false).source());
        assertEquals(second, disk("vdc", false).source());
        assertEquals("qcow2", disk("vdc", true).format());
    }

    @Test
    public void aStoppedVmGetsTheDiskInItsDefinitionAndReadsItWhenStarted() throws Exception {
        Path file = qcow2("restored.qcow2");

        DiskAttach.Attached a = engine.attachments().attach(vm.name, file);

        assertEquals(new DiskAttach.Attached("vdb", false), a);
        assertEquals(file, disk("vdb", false).source());
        vm.start();
        assertEquals(file, disk("vdb", true).source());
    }

    @Test
    public void aFileWithABackingFileOrOneTheVmUsesIsRefusedAndNothingIsAttached() throws Exception {
        Path base = qcow2("base.qcow2");
        Path backed = vm.dir.resolve("backed.qcow2");
        runner.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", base.toString(),
                backed.toString()), Duration.ofSeconds(30));

        DiskOperationException e = assertThrows(DiskOperationException.class,
                () -> engine.attachments().attach(vm.name, backed));
        assertTrue(e.getMessage(), e.getMessage().contains("only a standalone qcow2") && e.getMessage().contains(
                "backed by"));
        DiskOperationException used = assertThrows(DiskOperationException.class,
                () -> engine.attachments().attach(vm.name, vm.disks.get(0)));
        assertTrue(used.getMessage(), used.getMessage().contains("already uses"));
        assertEquals(null, disk("vdb", false));
    }

    @Test
    public void anUnattachedFileIsRemovedOnlyWhenTheVmDoesNotNameIt() throws Exception {
        Path stray = qcow2("stray.qcow2");

        assertTrue(engine.attachments().removeUnattached(vm.name, stray));
        assertFalse(Files.exists(stray));
        assertFalse("the VM's own disk is never removed", engine.attachments().removeUnattached(vm.name,
                vm.disks.get(0)));
        assertTrue(Files.exists(vm.disks.get(0)));
    }
}
