package io.kboss.demo;

import io.kboss.client.ApiParams;
import io.kboss.client.KbossClient;
import io.kboss.client.model.Backup;
import io.kboss.client.model.ServiceJob;
import io.kboss.client.request.BackupOptions;
import io.kboss.client.request.RestoreOptions;
import io.kboss.client.request.ServiceJobQuery;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The README's first command's demonstration, driven through the HTTP API as any client would:
 * a tiny VM is created on the local libvirtd, given an offering, backed up full and incrementally
 * with data written between, then restored both ways (a full restore of the first backup, a quick
 * restore of the second) and the data read back at each point; then a backup is compressed and
 * validated, and a damaged backup is caught by its validation. Every step is printed with its
 * time; a data mismatch or a refused call stops the demonstration with a non-zero exit.
 */
public final class KbossDemo {
    private static final Duration JOB = Duration.ofMinutes(10);
    private static final String MIB = "1M";
    private static final int FIRST = 0x11;
    private static final int SECOND = 0x22;
    private static final int THIRD = 0x33;
    /** TCG boots the validation VM slowly on a busy machine; both jobs take about 15 s on a quiet one. */
    private static final Duration SERVICE_JOBS = Duration.ofMinutes(10);
    private static final String VALIDATION_TASK = "backup.validation.task.enabled";

    private final KbossClient kboss;
    private final DemoOptions options;
    private final PrintStream out;
    private final List<String> checks = new ArrayList<>();

    KbossDemo(KbossClient kboss, DemoOptions options, PrintStream out) {
        this.kboss = kboss;
        this.options = options;
        this.out = out;
    }

    /** What a run showed: the two backups, the damaged backup it caught, and every check, all passed. */
    public record Outcome(String vmId, String fullBackupId, String incrementalBackupId, String damagedBackupId,
            List<String> checks) {
    }

    public static void main(String[] args) {
        try {
            DemoOptions o = DemoOptions.parse(args);
            Properties credentials = new Properties();
            if (Files.exists(o.credentials())) {
                try (var r = Files.newBufferedReader(o.credentials())) {
                    credentials.load(r);
                }
            } else if (System.getenv("KBOSS_ADMIN_PASSWORD") != null) {
                // The server was first started with a given password: no credentials file exists.
                credentials.setProperty("password", System.getenv("KBOSS_ADMIN_PASSWORD"));
            } else {
                throw new IOException("no admin credentials: " + o.credentials() + " does not exist; set "
                        + "KBOSS_ADMIN_PASSWORD to the admin password given at the server's first start");
            }
            KbossClient kboss = KbossClient.builder(o.apiUrl())
                    .login(credentials.getProperty("username", "admin"), credentials.getProperty("password"), "/")
                    .build();
            new KbossDemo(kboss, o, System.out).run();
        } catch (Exception e) {
            System.err.println("kboss-demo: FAILED: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Runs the demonstration with a logged-in admin session; throws on the first failure. */
    public static Outcome run(KbossClient kboss, DemoOptions options, PrintStream out) throws IOException,
            InterruptedException {
        return new KbossDemo(kboss, options, out).run();
    }

    Outcome run() throws IOException, InterruptedException {
        long t = System.nanoTime();
        DemoCloud cloud = DemoCloud.prepare(kboss, options);
        step(1, "Zone " + DemoCloud.ZONE + ", image store " + options.work().resolve("store") + ", offering "
                + DemoCloud.OFFERING + " (quick restore allowed), host " + cloud.hostName + " paired", t);

        t = System.nanoTime();
        DemoVm vm = DemoVm.create(options.libvirtUri(), options.vmName(), options.work().resolve("vms"), "64M");
        String vmId = discover(cloud, vm);
        kboss.offerings().assign(vmId, cloud.offeringId);
        step(2, "VM " + vm.name + " (TCG, 64 MiB qcow2 disk " + vm.disk + ") running, discovered as " + vmId
                + " and assigned to " + DemoCloud.OFFERING, t);

        t = System.nanoTime();
        vm.write(FIRST, "0", MIB);
        Backup full = backUp(vmId);
        step(3, "Wrote 1 MiB of 0x11 at 0, backed up: " + describe(full), t);

        t = System.nanoTime();
        vm.write(SECOND, MIB, MIB);
        Backup incremental = backUp(vmId);
        step(4, "Wrote 1 MiB of 0x22 at 1 MiB, backed up: " + describe(incremental), t);
        if (!incremental.incremental()) {
            throw new IOException("the second backup should be Incremental on the first, but is "
                    + incremental.type() + " (" + incremental + ")");
        }

        t = System.nanoTime();
        vm.stop();
        reconnect(cloud);
        restore(full, false);
        check(vm.holdsWhileStopped(FIRST, "0", MIB), "full restore: 0x11 at 0");
        check(vm.holdsWhileStopped(0, MIB, MIB), "full restore: zeros at 1 MiB (written after the full backup)");
        step(5, "VM stopped, restored from the full backup " + id(full) + ": data checked", t);

        t = System.nanoTime();
        restore(incremental, true);
        check(vm.isRunning(), "quick restore: the VM was started at once and runs");
        vm.stop();
        check(vm.holdsWhileStopped(FIRST, "0", MIB), "quick restore: 0x11 at 0");
        check(vm.holdsWhileStopped(SECOND, MIB, MIB), "quick restore: 0x22 at 1 MiB");
        check(!vm.diskHasBackingFile(), "quick restore: the VM's disk has no backing file left (consolidated)");
        vm.start();
        step(6, "Quick restore of the incremental backup " + id(incremental) + ": VM ran at once, disks "
                + "consolidated, data checked (VM stopped for the check and started again)", t);

        t = System.nanoTime();
        Backup checked = compressedAndValidated(cloud, vm, vmId);
        step(7, "Offering " + DemoCloud.CHECKED_OFFERING + ": backup " + id(checked) + " compressed with "
                + checked.compressionLibrary() + " (" + human(checked.uncompressedSize()) + " -> "
                + human(checked.size()) + ") and validated in a throwaway VM: " + checked.validationStatus()
                + ", screenshot of " + human(screenshotBytes(checked)), t);

        t = System.nanoTime();
        Backup caught = damagedCopyCaught(vmId, checked.accountId());
        step(8, "Backup " + id(caught) + ", one byte of its file's qcow2 header flipped on the store before it was "
                + "validated: " + caught.validationStatus() + " (" + caught.validationReason() + ")", t);

        out.println();
        out.println("KBOSS demonstration passed: " + checks.size() + " data checks, backups listed by "
                + "listBackups virtualmachineid=" + vmId);
        return new Outcome(vmId, id(full), id(incremental), id(caught), List.copyOf(checks));
    }

    /**
     * Moves the VM to the offering that compresses and validates, backs it up, and waits for both service
     * jobs: the backup ends Compressed (qemu-img convert -c on the host) and Valid (booted from a copy in
     * a VM without network, screenshot taken). The demo VM has no OS, so the only validation step is the
     * screenshot, taken 2 s after boot (the VM setting backupValidationScreenshotWait).
     */
    private Backup compressedAndValidated(DemoCloud cloud, DemoVm vm, String vmId) throws IOException,
            InterruptedException {
        kboss.offerings().remove(vmId);
        kboss.offerings().assign(vmId, cloud.checkedOfferingId);
        kboss.virtualMachines().replaceDetails(vmId, Map.of("backupValidationScreenshotWait", "2"));
        vm.write(THIRD, "2M", MIB);
        Backup b = backUp(vmId);
        out.println("      backed up: " + describe(b) + "; compression and validation jobs queued");
        Instant end = Instant.now().plus(SERVICE_JOBS);
        while (!(b.compressed() && "Valid".equals(b.validationStatus()))) {
            if ("CompressionError".equals(b.compressionStatus()) || "NotValid".equals(b.validationStatus())
                    || "UnableToValidate".equals(b.validationStatus())) {
                throw new IOException("the backup's service jobs failed: compression " + b.compressionStatus()
                        + " " + Objects.toString(b.compressionError(), "") + ", validation " + b.validationStatus()
                        + " " + Objects.toString(b.validationReason(), ""));
            }
            if (Instant.now().isAfter(end)) {
                throw new IOException("the backup was not Compressed and Valid within " + SERVICE_JOBS + ": "
                        + "compression " + b.compressionStatus() + ", validation " + b.validationStatus());
            }
            Thread.sleep(500);
            String id = b.id();
            b = kboss.backups().get(id).orElseThrow(() -> new IOException("backup " + id + " is no longer listed"));
        }
        List<ServiceJob> jobs = kboss.serviceJobs().list(ServiceJobQuery.all().ofBackup(b.id())).items();
        for (ServiceJob j : jobs) {
            out.println("      service job " + j.type() + ": " + j.state() + " after " + j.attempts() + " attempt(s)");
        }
        check(Boolean.TRUE.equals(b.validationScreenshot()), "validation: a screenshot of the validation VM is kept");
        return b;
    }

    /**
     * Shows a damaged backup being caught. A store that damages a file between a backup and its check is what
     * validation is for; here the damage is made by hand, one byte of the backup's qcow2 header flipped in the
     * store, as a failing disk or a stray write would leave it. It must happen before the backup is validated:
     * a backup is validated as soon as it ends, and damage made after its first Valid is caught by the periodic
     * hash check only after {@code backup.validation.interval} (1 hour at least), too long for a demonstration.
     * So validation is paused for the VM's account ({@code backup.validation.task.enabled}, account scope) while
     * an isolated backup is taken, compressed and damaged, then resumed (the account's setting removed again,
     * whatever happens); the validation task's next pass, within 30 s, validates it: its file cannot be opened,
     * so it is NotValid, with the step and the reason.
     */
    private Backup damagedCopyCaught(String vmId, String accountId) throws IOException, InterruptedException {
        Backup b;
        kboss.call("updateConfiguration", ApiParams.of("name", VALIDATION_TASK, "value", "false", "accountid",
                accountId));
        try {
            b = backUp(vmId, BackupOptions.defaults().isolated(true));
            out.println("      validation paused for the account; backed up: " + describe(b));
            b = await(b, x -> x.compressed() || "CompressionError".equals(x.compressionStatus()), "Compressed");
            if (!b.compressed()) {
                throw new IOException("the backup's compression failed: " + b.compressionError());
            }
            Path file = fileOf(b);
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                int first = f.read();
                f.seek(0);
                f.write(first ^ 0x01); // 'Q' of the qcow2 magic "QFI\xfb" becomes 'P'
            }
            out.println("      flipped the first byte of " + file);
        } finally {
            kboss.call("resetConfiguration", ApiParams.of("name", VALIDATION_TASK, "accountid", accountId));
        }
        out.println("      validation resumed; its task's next pass validates the backup (within 30 s)");
        b = await(b, x -> !"NotValidated".equals(x.validationStatus()) && !"Validating".equals(x
                .validationStatus()), "validated");
        check("NotValid".equals(b.validationStatus()) && b.validationReason() != null,
                "damaged backup: NotValid with its reason (" + b.validationStatus() + ": " + b.validationReason()
                        + ")");
        return b;
    }

    /** The backup's file in the demo's image store (store/backups/ACCOUNT/VOLUME/BACKUP.qcow2). */
    private Path fileOf(Backup b) throws IOException {
        Path store = options.work().resolve("store");
        String name = b.id() + ".qcow2";
        try (Stream<Path> files = Files.walk(store)) {
            return files.filter(p -> p.getFileName().toString().equals(name)).findFirst()
                    .orElseThrow(() -> new IOException("backup " + b.id() + " has no file " + name + " in " + store));
        }
    }

    /** Re-reads the backup until {@code reached}, for up to {@link #SERVICE_JOBS}. */
    private Backup await(Backup b, Predicate<Backup> reached, String what) throws IOException, InterruptedException {
        Instant end = Instant.now().plus(SERVICE_JOBS);
        while (!reached.test(b)) {
            if (Instant.now().isAfter(end)) {
                throw new IOException("backup " + b.id() + " was not " + what + " within " + SERVICE_JOBS + ": "
                        + "compression " + b.compressionStatus() + ", validation " + b.validationStatus());
            }
            Thread.sleep(500);
            String id = b.id();
            b = kboss.backups().get(id).orElseThrow(() -> new IOException("backup " + id + " is no longer listed"));
        }
        return b;
    }

    private long screenshotBytes(Backup b) throws IOException {
        byte[] png = kboss.serviceJobs().downloadValidationScreenshot(b.id()).png()
                .orElseThrow(() -> new IOException("downloadValidationScreenshot answered no PNG"));
        check(png.length > 8 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G',
                "validation: downloadValidationScreenshot answers a PNG (" + png.length + " bytes)");
        return png.length;
    }

    /** Has the host discover the new VM now and returns its id in the cloud. */
    private String discover(DemoCloud cloud, DemoVm vm) throws IOException, InterruptedException {
        reconnect(cloud);
        return kboss.virtualMachines().byName(vm.name)
                .orElseThrow(() -> new IOException("host " + cloud.hostName + " did not report VM " + vm.name)).id();
    }

    private void reconnect(DemoCloud cloud) {
        kboss.hosts().reconnect(cloud.hostId).await(JOB);
    }

    private Backup backUp(String vmId) throws IOException {
        return backUp(vmId, BackupOptions.defaults());
    }

    private Backup backUp(String vmId, BackupOptions backupOptions) throws IOException {
        var started = kboss.backups().create(vmId, backupOptions);
        started.await(JOB, p -> out.println("      backing up: " + p + " %"));
        String id = started.resourceId();
        return kboss.backups().get(id)
                .orElseThrow(() -> new IOException("backup " + id + " is not listed after its job succeeded"));
    }

    private void restore(Backup backup, boolean quick) {
        kboss.backups().restore(backup.id(), RestoreOptions.defaults().quick(quick))
                .await(JOB, p -> out.println("      restoring: " + p + " %"));
    }

    private void check(boolean passed, String what) throws IOException {
        if (!passed) {
            throw new IOException("data check failed: " + what);
        }
        checks.add(what);
        out.println("      ok: " + what);
    }

    private void step(int n, String what, long startedNanos) {
        out.printf("[%d/8] %s (%.1f s)%n", n, what, (System.nanoTime() - startedNanos) / 1e9);
    }

    private static String id(Backup backup) {
        return backup.id();
    }

    private static String describe(Backup b) {
        return b.type() + " backup " + b.id() + ", " + b.status() + ", " + human(b.size()) + " stored of "
                + human(b.virtualSize()) + (b.fullReason() != null ? " (full because: " + b.fullReason() + ")" : "");
    }

    private static String human(long bytes) {
        return bytes >= 1 << 20
                ? String.format("%.1f MiB", bytes / 1048576.0)
                : String.format("%.1f KiB", bytes / 1024.0);
    }
}
