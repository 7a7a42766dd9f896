package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.DiskOperationException;
import io.kboss.agent.disk.domain.DiskOperationException.Reason;
import io.kboss.agent.disk.domain.ProgressListener;
import io.kboss.agent.disk.domain.ValidationOutcome;
import io.kboss.agent.disk.domain.ValidationOutcome.StepResult;
import io.kboss.agent.disk.domain.ValidationOutcome.Verdict;
import io.kboss.agent.disk.domain.ValidationRequest;
import io.kboss.agent.disk.domain.ValidationRequest.GuestCommand;
import io.kboss.agent.disk.domain.ValidationRequest.Step;
import io.kboss.agent.domain.CancelToken;
import io.kboss.agent.process.ExternalProgramException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Validations} with a transient libvirt domain on qcow2 overlays, for one call.
 *
 * <p>Failure policy: what the backup does wrong (its chain cannot be opened, the guest agent never
 * answers, the command's output differs) is a FAILED step in the outcome, not an exception; what
 * keeps the check from being made at all (the VM is not defined here, the scratch folder cannot be
 * used) is a {@link DiskOperationException}. Either way the domain is destroyed and the scratch
 * folder deleted before this returns; if that cannot be done, it throws, so the caller's journaled
 * leftovers (the domain's name, the folder) are undone by the job or by the agent's next start.
 */
final class ThrowawayValidation {
    private static final Logger log = LoggerFactory.getLogger(ThrowawayValidation.class);
    private static final int XML_INACTIVE = 2;
    private static final Duration AGENT_RETRY = Duration.ofSeconds(1);
    private static final Duration EXEC_POLL = Duration.ofMillis(250);
    private static final int AGENT_CALL_SECONDS = 5;
    private static final int SHOWN_OUTPUT = 200;

    private final DiskEngine engine;
    private final QemuImg qemuImg;
    private final Clock clock;
    private final CancelToken cancel;

    ThrowawayValidation(DiskEngine engine, CancelToken cancel) {
        this.engine = engine;
        this.qemuImg = engine.qemuImg(cancel);
        this.clock = engine.clock();
        this.cancel = cancel;
    }

    ValidationOutcome validate(ValidationRequest req, ProgressListener progress) {
        Instant start = clock.instant();
        progress.phase("preparing the validation VM");
        createScratch(req.scratch());
        try {
            ValidationOutcome outcome = validateIn(req, progress, start);
            deleteScratch(req.scratch());
            return outcome;
        } catch (RuntimeException e) {
            try {
                deleteScratch(req.scratch());
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private ValidationOutcome validateIn(ValidationRequest req, ProgressListener progress, Instant start) {
        try (Hypervisor hv = engine.hypervisor()) {
            Domain original = hv.domain(req.vmName());
            DomainXml definition = DomainXml.parse(original.isPersistent() == 1
                    ? original.getXMLDesc(XML_INACTIVE)
                    : original.getXMLDesc(0));
            for (String dev : req.newestBackupByDisk().keySet()) {
                if (!definition.targets().contains(dev)) {
                    throw new IllegalArgumentException("VM " + req.vmName() + " has no disk " + dev + " (it has "
                            + definition.targets() + ")");
                }
            }
            Steps steps = new Steps(req, progress, definition.hasGuestAgentChannel(), original);
            String chainProblem = chainProblem(req);
            if (chainProblem != null) {
                return steps.notStarted(Verdict.FAILED, chainProblem, start);
            }
            Map<String, Path> overlays = overlays(req);
            Path nvramCopy = copyNvram(definition, req.scratch());
            checkCancel(req);
            String xml = definition.throwaway(req.domainName(), "KBOSS validation of a backup of VM " + req.vmName()
                    + ": destroyed with its overlays when the validation ends", overlays,
                    req.scratch().resolve("console.log"), nvramCopy);
            progress.phase("starting the validation VM");
            Domain vm;
            try {
                vm = hv.connect().domainCreateXML(xml, 0);
            } catch (LibvirtException e) {
                // The backup's chain opened above, so this is the host's doing (memory, libvirt), not the backup's.
                return steps.notStarted(Verdict.UNABLE, "the validation VM did not start: " + e.getMessage(), start);
            }
            RuntimeException failure = null;
            try {
                return steps.run(vm, start);
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            } finally {
                progress.phase("removing the validation VM");
                destroy(vm, req, failure);
            }
        } catch (LibvirtException | LibvirtCallException e) {
            throw new DiskOperationException("validation of a backup of VM " + req.vmName() + " could not be made: "
                    + e.getMessage(), e, true);
        }
    }

    /** The steps of one validation and what they found so far. */
    private final class Steps {
        private final ValidationRequest req;
        private final ProgressListener progress;
        private final boolean agentChannel;
        private final Domain original;
        private final List<StepResult> results = new ArrayList<>();
        private Instant vmStarted;
        private Boolean agentAnswered;
        private String agentProblem;
        /** Whether the agent's silence says nothing about the backup: the VM's own agent is silent too. */
        private boolean silentLikeTheVm;

        Steps(ValidationRequest req, ProgressListener progress, boolean agentChannel, Domain original) {
            this.req = req;
            this.progress = progress;
            this.agentChannel = agentChannel;
            this.original = original;
        }

        /** The VM never ran: the first step says why, the others were not run. */
        ValidationOutcome notStarted(Verdict verdict, String reason, Instant start) {
            for (Step step : req.steps()) {
                results.add(results.isEmpty()
                        ? new StepResult(step, verdict, reason, Duration.ZERO)
                        : new StepResult(step, Verdict.SKIPPED, "the validation VM did not start", Duration.ZERO));
            }
            log.info("validation {} of VM {}: {}", req.domainName(), req.vmName(), reason);
            return new ValidationOutcome(req.domainName(), results, null, 0, Duration.between(start, clock.instant()));
        }

        ValidationOutcome run(Domain vm, Instant start) {
            vmStarted = clock.instant();
            Path screenshot = null;
            long screenshotBytes = 0;
            for (int i = 0; i < req.steps().size(); i++) {
                checkCancel(req);
                progress.progress(i, req.steps().size());
                Step step = req.steps().get(i);
                Instant stepStart = clock.instant();
                StepResult r = switch (step) {
                    case WAIT_FOR_BOOT -> waitForBoot(vm);
                    case EXECUTE_COMMAND -> execute(vm);
                    case SCREENSHOT -> {
                        long[] size = new long[1];
                        StepResult shot = screenshot(vm, size);
                        if (shot.verdict() == Verdict.PASSED) {
                            screenshot = req.screenshot();
                            screenshotBytes = size[0];
                        }
                        yield shot;
                    }
                };
                results.add(
                        new StepResult(step, r.verdict(), r.detail(), Duration.between(stepStart, clock.instant())));
                log.info("validation {} of VM {}: {} {}: {}", req.domainName(), req.vmName(), step, r.verdict(),
                        r.detail());
            }
            progress.progress(req.steps().size(), req.steps().size());
            return new ValidationOutcome(req.domainName(), results, screenshot, screenshotBytes,
                    Duration.between(start, clock.instant()));
        }

        private StepResult waitForBoot(Domain vm) {
            progress.phase("waiting for the guest agent");
            if (!agentChannel) {
                return result(Step.WAIT_FOR_BOOT, Verdict.UNABLE, noChannel());
            }
            if (agentAnswers(vm)) {
                return result(Step.WAIT_FOR_BOOT, Verdict.PASSED, "the guest agent answered "
                        + Duration.between(vmStarted, clock.instant()).toSeconds() + " s after the VM started");
            }
            return result(Step.WAIT_FOR_BOOT, silentLikeTheVm ? Verdict.UNABLE : Verdict.FAILED, agentProblem);
        }

        private StepResult execute(Domain vm) {
            GuestCommand command = req.command();
            if (command == null) {
                return result(Step.EXECUTE_COMMAND, Verdict.SKIPPED,
                        "no validation command is set for this VM (backupValidationCommand)");
            }
            if (!agentChannel) {
                return result(Step.EXECUTE_COMMAND, Verdict.UNABLE, noChannel());
            }
            if (Boolean.FALSE.equals(agentAnswered)) {
                return result(Step.EXECUTE_COMMAND, Verdict.SKIPPED, "it needs the guest agent, which did not answer");
            }
            if (!agentAnswers(vm)) {
                return result(Step.EXECUTE_COMMAND, silentLikeTheVm ? Verdict.UNABLE : Verdict.FAILED, agentProblem);
            }
            progress.phase("running the validation command");
            GuestAgent agent = new GuestAgent(vm);
            String shown = String.join(" ", prepend(command.program(), command.arguments()));
            long pid;
            try {
                pid = agent.exec(command.program(), command.arguments(), AGENT_CALL_SECONDS);
            } catch (LibvirtException e) {
                return result(Step.EXECUTE_COMMAND, Verdict.FAILED, "the guest agent could not run " + shown + ": "
                        + e.getMessage());
            }
            Instant deadline = clock.instant().plus(command.timeout());
            while (true) {
                checkCancel(req);
                GuestAgent.ExecStatus status;
                try {
                    status = agent.status(pid, AGENT_CALL_SECONDS);
                } catch (LibvirtException e) {
                    return result(Step.EXECUTE_COMMAND, Verdict.FAILED, "the guest agent stopped answering while "
                            + shown + " ran: " + e.getMessage());
                }
                if (status.exited()) {
                    return judge(shown, command, status);
                }
                if (!clock.instant().isBefore(deadline)) {
                    return result(Step.EXECUTE_COMMAND, Verdict.FAILED, shown + " did not finish within "
                            + command.timeout().toSeconds() + " s");
                }
                cancel.pause(EXEC_POLL);
            }
        }

        private StepResult judge(String shown, GuestCommand command, GuestAgent.ExecStatus status) {
            if (command.expectedOutput() == null) {
                return status.exitCode() == 0
                        ? result(Step.EXECUTE_COMMAND, Verdict.PASSED, shown + " exited with code 0")
                        : result(Step.EXECUTE_COMMAND, Verdict.FAILED, shown + " exited with code " + status.exitCode()
                                + (status.stderr().length == 0 ? "" : " (stderr: " + text(status.stderr()) + ")"));
            }
            byte[] got = status.stdout();
            if (Arrays.equals(got, command.expectedOutput()) || new String(got, StandardCharsets.UTF_8).stripTrailing()
                    .equals(new String(command.expectedOutput(), StandardCharsets.UTF_8).stripTrailing())) {
                return result(Step.EXECUTE_COMMAND, Verdict.PASSED, shown + " printed the expected output");
            }
            return result(Step.EXECUTE_COMMAND, Verdict.FAILED, shown + "'s output differed: expected \""
                    + text(command.expectedOutput()) + "\" but got \"" + text(got) + "\"" + (status.truncated()
                            ? " (the guest agent cut the output short)"
                            : "")
                    + ", exit code " + status.exitCode());
        }

        private StepResult screenshot(Domain vm, long[] size) {
            progress.phase("waiting for the screenshot");
            Duration left = Duration.between(clock.instant(), vmStarted.plus(req.screenshotWait()));
            if (!left.isNegative() && cancel.pause(left)) {
                checkCancel(req);
            }
            if (!running(vm)) {
                return result(Step.SCREENSHOT, Verdict.UNABLE, "the validation VM no longer runs (it stopped within "
                        + Duration.between(vmStarted, clock.instant()).toSeconds() + " s); there is no screen to take"
                        + consoleTail());
            }
            progress.phase("taking the screenshot");
            try {
                byte[] png = Screenshots.png(vm);
                Path target = req.screenshot();
                Files.createDirectories(target.getParent());
                Path part = target.resolveSibling(target.getFileName() + ".part");
                Files.write(part, png);
                DurableFiles.move(part, target);
                size[0] = png.length;
                return result(Step.SCREENSHOT, Verdict.PASSED, png.length + " bytes of PNG beside the backup");
            } catch (LibvirtException | IOException | RuntimeException e) {
                return result(Step.SCREENSHOT, Verdict.UNABLE, "the console could not be captured: " + e.getMessage());
            }
        }

        /**
         * Whether the guest agent answers before the boot timeout, counted from the VM's start; the
         * first answer is remembered for the later steps, and so is the reason it did not come.
         */
        private boolean agentAnswers(Domain vm) {
            if (agentAnswered != null) {
                return agentAnswered;
            }
            Instant deadline = vmStarted.plus(req.bootTimeout());
            GuestAgent agent = new GuestAgent(vm);
            String last = "no answer";
            while (true) {
                checkCancel(req);
                if (!running(vm)) {
                    agentProblem = "the validation VM stopped "
                            + Duration.between(vmStarted, clock.instant()).toSeconds()
                            + " s after it started, before its guest agent answered" + consoleTail();
                    agentAnswered = false;
                    return false;
                }
                long seconds = Duration.between(clock.instant(), deadline).toSeconds();
                try {
                    agent.ping((int) Math.max(1, Math.min(AGENT_CALL_SECONDS, seconds)));
                    agentAnswered = true;
                    return true;
                } catch (LibvirtException e) {
                    last = e.getMessage();
                }
                if (!clock.instant().isBefore(deadline)) {
                    agentProblem = "the guest agent did not answer within " + req.bootTimeout().toSeconds()
                            + " s of the VM's start (last: " + last + ")" + originalAgent() + consoleTail();
                    agentAnswered = false;
                    return false;
                }
                cancel.pause(AGENT_RETRY);
            }
        }

        /**
         * Whether the backed-up VM's own guest agent answers now, said as the end of a boot timeout's
         * reason. A running VM whose agent is silent too has no agent to wait for (not installed, or not
         * started): the timeout says nothing about the backup, so the step could not check it. When the
         * VM's agent answers, or the VM does not run, the silence is the backup copy's.
         */
        private String originalAgent() {
            if (!running(original)) {
                return "; VM " + req.vmName() + " is not running, so whether its own guest agent answers is unknown";
            }
            try {
                new GuestAgent(original).ping(AGENT_CALL_SECONDS);
                return "; VM " + req.vmName() + "'s own guest agent answers, so the backup's copy did not boot as"
                        + " the VM does";
            } catch (LibvirtException e) {
                silentLikeTheVm = true;
                return "; VM " + req.vmName() + "'s own guest agent does not answer either (" + e.getMessage()
                        + "): install and start qemu-guest-agent in the VM to validate its backups' boot";
            }
        }

        private String noChannel() {
            return "VM " + req.vmName() + " has no guest-agent channel (" + DomainXml.GUEST_AGENT_CHANNEL
                    + "), so the validation VM has none either";
        }

        /** The end of the VM's serial console, which usually says why a boot went wrong. */
        private String consoleTail() {
            try {
                List<String> lines = Files.readAllLines(req.scratch().resolve("console.log"),
                        StandardCharsets.ISO_8859_1);
                List<String> last = lines.subList(Math.max(0, lines.size() - 3), lines.size());
                String tail = String.join(" | ", last).replaceAll("[^\\x20-\\x7e|]", "").trim();
                return tail.isEmpty() ? "" : "; its console ended with: " + shorten(tail);
            } catch (IOException | RuntimeException e) {
                return "";
            }
        }

        private StepResult result(Step step, Verdict verdict, String detail) {
            return new StepResult(step, verdict, detail, Duration.ZERO);
        }
    }

    private Map<String, Path> overlays(ValidationRequest req) {
        Map<String, Path> overlays = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : req.newestBackupByDisk().entrySet()) {
            Path backup = e.getValue().toAbsolutePath().normalize();
            Path overlay = req.scratch().resolve(e.getKey() + ".qcow2");
            qemuImg.createOverlay(overlay, backup.toString(), qemuImg.info(backup, true).virtualSize());
            overlays.put(e.getKey(), overlay);
        }
        return overlays;
    }

    /**
     * Why a backup's chain cannot be opened (every header read, every backing file found), or null
     * when it can: the backup's fault, so the first step's failure, not the job's. The reason is
     * the backup owner's to read: what qemu-img reported, with file names but no host paths (the
     * runner logged the whole command).
     */
    private String chainProblem(ValidationRequest req) {
        for (Map.Entry<String, Path> e : req.newestBackupByDisk().entrySet()) {
            if (!Files.isRegularFile(e.getValue())) {
                log.warn("validation of a backup of VM {}: {} is not a file", req.vmName(), e.getValue());
                throw new DiskOperationException("the backup file " + e.getValue().getFileName() + " of disk "
                        + e.getKey() + " is not on the store; is the store mounted on this host?", null, true,
                        Reason.MISSING_FILE);
            }
            try {
                qemuImg.openChain(e.getValue());
            } catch (ExternalProgramException ex) {
                if (cancel.isCancelled()) {
                    throw ex;
                }
                String said = ex.ending() == ExternalProgramException.Ending.FAILED && !ex.reported().isEmpty()
                        ? "qemu-img reported: " + ex.reported()
                        : ex.getMessage();
                return "the backup chain of disk " + e.getKey() + " cannot be opened: " + said;
            } catch (RuntimeException ex) {
                if (cancel.isCancelled()) {
                    throw ex;
                }
                return "the backup chain of disk " + e.getKey() + " cannot be opened: " + ex.getMessage();
            }
        }
        return null;
    }

    /** A UEFI VM's variable store is its own file: the throwaway VM writes a copy, never the VM's. */
    private static Path copyNvram(DomainXml definition, Path scratch) {
        Path nvram = definition.nvram();
        if (nvram == null || !Files.isRegularFile(nvram)) {
            return null;
        }
        Path copy = scratch.resolve("nvram.fd");
        try {
            Files.copy(nvram, copy);
            return copy;
        } catch (IOException e) {
            throw new DiskOperationException("cannot copy the VM's NVRAM " + nvram + " for the validation VM: " + e,
                    e, true);
        }
    }

    private void destroy(Domain vm, ValidationRequest req, RuntimeException failure) {
        try {
            if (vm.isActive() == 1) {
                vm.destroy();
            }
        } catch (LibvirtException e) {
            if (stillThere(req.domainName())) {
                DiskOperationException d = new DiskOperationException("the validation VM " + req.domainName()
                        + " could not be destroyed: " + e.getMessage(), e, true);
                if (failure != null) {
                    failure.addSuppressed(d);
                    return;
                }
                throw d;
            }
        } finally {
            try {
                vm.free();
            } catch (LibvirtException e) {
                log.debug("freeing the handle of {} failed: {}", req.domainName(), e.getMessage());
            }
        }
    }

    private boolean stillThere(String name) {
        try (Hypervisor hv = engine.hypervisor()) {
            hv.connect().domainLookupByName(name).free();
            return true;
        } catch (LibvirtException e) {
            return false;
        }
    }

    private static boolean running(Domain vm) {
        try {
            return vm.isActive() == 1;
        } catch (LibvirtException e) {
            return false;
        }
    }

    private void checkCancel(ValidationRequest req) {
        if (cancel.isCancelled()) {
            throw new DiskOperationException("validation of a backup of VM " + req.vmName() + " stopped ("
                    + cancel.reason() + "); its VM and overlays are removed", null, true, Reason.CANCELLED);
        }
    }

    /**
     * Creates the scratch folder; QEMU runs as another user, so the folder and every folder above it
     * must let others through, or the VM could not open its overlays.
     */
    static void createScratch(Path scratch) {
        try {
            if (Files.exists(scratch)) {
                throw new DiskOperationException("the validation scratch folder " + scratch + " already exists:"
                        + " another validation uses it, or one was not cleaned up; nothing was started", null, true);
            }
            Files.createDirectories(scratch);
            Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxr-xr-x"));
            for (Path p = scratch.getParent(); p != null; p = p.getParent()) {
                if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    deleteScratch(scratch);
                    throw new DiskOperationException("QEMU cannot reach the validation scratch folder " + scratch
                            + ": " + p + " does not let other users through (mode "
                            + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)) + "). Set the agent's"
                            + " validation.scratch.dir to local storage QEMU can reach", null, true);
                }
            }
        } catch (IOException e) {
            throw new DiskOperationException("cannot create the validation scratch folder " + scratch + ": " + e, e,
                    true);
        }
    }

    static void deleteScratch(Path scratch) {
        if (!Files.exists(scratch)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(scratch)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new DiskOperationException("cannot delete the validation scratch folder " + scratch + ": " + e, e,
                    true);
        }
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static String text(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8).replace("\n", "\\n").replace("\r", "\\r");
        return shorten(s);
    }

    private static String shorten(String s) {
        return s.length() <= SHOWN_OUTPUT ? s : s.substring(0, SHOWN_OUTPUT) + "...";
    }

    /** The console of a running VM as PNG, whatever format QEMU gives. */
    static final class Screenshots {
        private Screenshots() {
        }

        static byte[] png(Domain vm) throws LibvirtException, IOException {
            Stream stream = vm.getConnect().streamNew(0);
            try {
                String mime = vm.screenshot(stream, 0);
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
                int n;
                while ((n = stream.read(buffer)) >= 0) { // at its end, read finishes the stream and answers -1
                    out.write(buffer.array(), 0, n);
                    buffer.clear();
                }
                return "image/png".equals(mime) ? out.toByteArray() : Pictures.toPng(out.toByteArray(), mime);
            } finally {
                stream.free();
            }
        }
    }
}
