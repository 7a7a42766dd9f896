package io.kboss.agent.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A failed program's message reaches users (a NotValid reason, a failed job's error): it says what
 * the program reported, with file names but without its argument list or any host path, while the
 * exception keeps the whole command and stderr for the agent's log. Real programs throughout.
 */
public class ProcessRunnerErrorTextTest {
    private static final Duration T = Duration.ofSeconds(30);
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private final ProcessRunner runner = new ProcessRunner();

    @Test
    public void qemuImgOpeningAFileThatIsNotQcow2SaysWhatItReportedWithTheFileNameOnly() throws Exception {
        Path notQcow2 = tmp.newFolder("store", "backups", "2", "7").toPath().resolve("5e0c-backup.qcow2");
        Files.write(notQcow2, new byte[65536]);
        List<String> command = List.of("qemu-img", "info", "-f", "qcow2", "--backing-chain", "--output=json", "-U",
                notQcow2.toString());

        ExternalProgramException e = failure(command);

        assertEquals(e.getMessage(), "qemu-img info failed with exit status 1: Could not open '5e0c-backup.qcow2':"
                + " Image is not in qcow2 format", e.getMessage());
        assertEquals("Could not open '5e0c-backup.qcow2': Image is not in qcow2 format", e.reported());
        assertFalse(e.getMessage(), e.getMessage().contains(tmp.getRoot().toString()));
        assertFalse(e.getMessage(), e.getMessage().contains("--backing-chain"));
        // The whole truth stays on the exception for the agent's log.
        assertEquals(String.join(" ", command), e.commandLine());
        assertTrue(e.stderr(), e.stderr().contains(notQcow2.toString()));
        assertEquals(ExternalProgramException.Ending.FAILED, e.ending());
        assertEquals(1, e.exitStatus());
    }

    @Test
    public void everyHostPathInWhatAProgramReportsIsCutToItsFileNameWhilePathsInsideTheBackupStayWhole()
            throws Exception {
        Path store = tmp.newFolder("store", "backups", "2", "7").toPath();
        Path child = Files.createFile(store.resolve("b2.qcow2"));
        Path scratch = tmp.newFolder("scratch", "v-9").toPath();
        // The parent is named by the program, not by the command; the overlay's folder exists on this host.
        String said = "sh: error while reading at byte 4096 of " + store.resolve("b1.qcow2") + ": I/O error\n"
                + "backing of " + child + ": driver=qcow2,file.filename=" + scratch.resolve("vda.qcow2") + "\n"
                + "sh: /docs/reports/q3.txt: No such file or directory (and/or 1/100 done)";

        ExternalProgramException e = failure(List.of("sh", "-c", "printf '%s' \"$1\" >&2; exit 3", "sh", said,
                child.toString()));

        assertEquals("sh failed with exit status 3: error while reading at byte 4096 of b1.qcow2: I/O error;"
                + " backing of b2.qcow2: driver=qcow2,file.filename=vda.qcow2; /docs/reports/q3.txt: No such file or"
                + " directory (and/or 1/100 done)", e.getMessage());
        assertFalse(e.getMessage(), e.getMessage().contains("printf"));
    }

    @Test
    public void aLongReportKeepsItsEndWhereProgramsConclude() {
        String said = "x".repeat(2000) + " the last words";

        ExternalProgramException e = failure(List.of("sh", "-c", "printf '%s' \"$1\" >&2; exit 2", "sh", said));

        assertEquals(3 + ProgramText.MAX_REPORT, e.reported().length());
        assertTrue(e.reported(), e.reported().startsWith("...") && e.reported().endsWith(" the last words"));
    }

    @Test
    public void aProgramThatCannotStartIsNamedWithoutTheFolderItWasLookedFor() {
        Path missing = tmp.getRoot().toPath().resolve("bin/kboss-no-such-tool");

        ExternalProgramException e = failure(List.of(missing.toString(), "check", "/srv/store/a.qcow2"));

        assertEquals(ExternalProgramException.Ending.NOT_STARTED, e.ending());
        assertTrue(e.getMessage(), e.getMessage().startsWith("Cannot start kboss-no-such-tool check ("));
        assertTrue(e.getMessage(), e.getMessage().endsWith("): install it with bin/kboss-deps"));
        assertFalse(e.getMessage(), e.getMessage().contains(tmp.getRoot().toString()));
        assertFalse(e.getMessage(), e.getMessage().contains("/srv/store"));
    }

    @Test
    public void aTimedOutProgramIsNamedWithoutItsArguments() {
        try {
            runner.run(List.of("sh", "-c", "sleep 30", "/srv/store/never-shown"), Duration.ofSeconds(1));
            fail();
        } catch (ExternalProgramException e) {
            assertTrue(e.timedOut());
            assertTrue(e.getMessage(), e.getMessage().startsWith("sh did not finish within 1 s and was killed"));
            assertFalse(e.getMessage(), e.getMessage().contains("never-shown"));
        }
    }

    private ExternalProgramException failure(List<String> command) {
        try {
            runner.run(command, T);
        } catch (ExternalProgramException e) {
            return e;
        }
        throw new AssertionError(command + " succeeded");
    }
}
