package io.kboss.test.backup;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import io.kboss.agent.contract.JobType;
import io.kboss.test.api.ApiSession;
import io.kboss.test.support.LabDomain;
import io.kboss.test.support.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Compression limits under a burst, end to end: the in-process server on real MariaDB, two real agents on the
 * machine's libvirtd (each owning the domains of its name prefix), real qemu-img, and twenty backups of a zstd
 * offering (two VMs per host, a chain of a full and four incrementals each) whose compressions are queued while
 * the task is off and then let go at once, with {@code backup.compression.max.concurrent.operations} 3 in the
 * zone and {@code .per.host} 2. {@code backup.compression.rate.limit} at 1 MB/s keeps each compression of its
 * 3 MiB running some seconds, so that they overlap.
 *
 * <p>While they run, a {@link TwoHostBurst} reads three records that do not depend on each other: the operation
 * rows, the agents' jobs, and the compressed copies being written on the store ({@code .compressing} files);
 * none may ever show more than the limits allow. Afterwards every backup is Compressed and smaller, no temporary file is
 * left, and one point of each chain (the full, early and late incrementals, the newest) restores with every
 * byte as written. The parent and its increments of one chain are compressed at the same time here (the queue
 * admits one compression per backup, not per VM), which {@link CompressionOverHttpTest} never does: there each
 * backup is taken after its parent was compressed.
 *
 * <p>The same limits with two servers claiming, without agents, are {@code CompressionBurstTest}'s.
 */
public class CompressionBurstOverHttpTest {
    private static final Duration BURST_TIMEOUT = Duration.ofMinutes(6);
    private static final int ZONE_LIMIT = 3;
    private static final int HOST_LIMIT = 2;
    private static final int VMS_PER_HOST = 2;
    private static final int BACKUPS_PER_VM = 5;
    /** MiB each backup adds to its VM's disk (at MiB 3 × its index): 3 s of work at the rate limit. */
    private static final int MIB_PER_BACKUP = 3;
    private static final int DISK_MIB = 16;
    /** Per VM, in order, the point of its chain that is restored: the full, an early, a late and the newest. */
    private static final int[] RESTORED_POINT = {0, 1, 3, 4};
    // Unique per run: another run of this class on the same libvirtd must not lend its domains to ours.
    private static final String RUN = UUID.randomUUID().toString().substring(0, 4);
    private static final String[] PREFIXES = {"kbt-cburst-h1-" + RUN + "-", "kbt-cburst-h2-" + RUN + "-"};

    private static LabCloud cloud;
    private static ApiSession admin;
    /** Every VM, host 0's first. */
    private static final List<LabVm> vms = new ArrayList<>();

    @BeforeClass
    public static void startTwoHostsWithTwoVmsEach() throws Exception {
        cloud = LabCloud.builder("kbt-compress-burst-", "compression_burst").adminPassword("burst-admin")
                .zone("cburst")
                .offering("zstd", "compressed with zstd", "compress", "true", "compressionlibrary", "zstd",
                        "backupchainsize", String.valueOf(BACKUPS_PER_VM))
                .setting("vm.sync.interval", "86400").hostsOwning(PREFIXES).start();
        admin = cloud.admin;
        // The zone limit at its own scope (the zone), the host limit and the rate globally (their scope is the
        // cluster, read at the host's cluster, then zone, then global).
        admin.ok("updateConfiguration", "name", "backup.compression.max.concurrent.operations", "value",
                String.valueOf(ZONE_LIMIT), "zoneid", cloud.zone);
        admin.ok("updateConfiguration", "name", "backup.compression.max.concurrent.operations.per.host", "value",
                String.valueOf(HOST_LIMIT));
        admin.ok("updateConfiguration", "name", "backup.compression.rate.limit", "value", "1");
        for (int h = 0; h < 2; h++) {
            List<LabDomain> domains = new ArrayList<>();
            for (int i = 0; i < VMS_PER_HOST; i++) {
                domains.add(cloud.startDomain(h, DISK_MIB + "M", null));
            }
            cloud.syncNow(cloud.hostUuids.get(h));
            for (LabDomain d : domains) {
                LabVm vm = cloud.registered(h, d);
                cloud.assignOffering(admin, vm, cloud.offering("zstd"));
                vms.add(vm);
            }
        }
    }

    @AfterClass
    public static void stopEverything() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    public void aBurstOfTwentyCompressionsNeverRunsMoreThanTheZoneAndHostLimitsAndEveryChainRestores()
            throws Exception {
        long start = System.nanoTime();
        // The backups first, with the task off, so that all twenty compressions wait at once (a burst), rather
        // than each starting as its backup ends.
        admin.ok("updateConfiguration", "name", "backup.compression.task.enabled", "value", "false");
        // Per VM (index of vms), its backups in chain order.
        List<List<String>> chains = new ArrayList<>();
        Set<String> backups = new LinkedHashSet<>();
        for (int k = 0; k < vms.size(); k++) {
            chains.add(new ArrayList<>());
        }
        for (int point = 0; point < BACKUPS_PER_VM; point++) {
            // One round: every VM writes its next region, then all four back up at once.
            List<String> jobs = new ArrayList<>();
            for (int k = 0; k < vms.size(); k++) {
                LabVm vm = vms.get(k);
                vm.domain.write(pattern(k, point), (point * MIB_PER_BACKUP) + "M", MIB_PER_BACKUP + "M");
                JsonObject started = admin.ok("createBackup", "virtualmachineid", vm.uuid);
                jobs.add(started.get("jobid").getAsString());
                chains.get(k).add(started.get("id").getAsString());
                backups.add(started.get("id").getAsString());
            }
            for (String job : jobs) {
                JsonObject r = admin.waitForJob(job, Duration.ofMinutes(3));
                assertEquals(r.toString(), 1, r.get("jobstatus").getAsInt());
            }
        }
        for (List<String> chain : chains) {
            for (int point = 0; point < chain.size(); point++) {
                JsonObject b = cloud.listed(admin, chain.get(point));
                assertEquals(b.toString(), point == 0 ? "Full" : "Incremental", b.get("type").getAsString());
                assertEquals(b.toString(), "Uncompressed", b.get("compressionstatus").getAsString());
            }
        }
        assertEquals("every backup waits with its compression queued", String.valueOf(backups.size()),
                cloud.single("SELECT COUNT(*) FROM operation WHERE kind = 'COMPRESSION' AND state = 'QUEUED'"));

        admin.ok("updateConfiguration", "name", "backup.compression.task.enabled", "value", "true");
        TwoHostBurst burst = new TwoHostBurst(cloud, "COMPRESSION", Set.of(JobType.COMPRESS_BACKUP), ZONE_LIMIT,
                HOST_LIMIT);
        burst.follow(BURST_TIMEOUT, CompressionBurstOverHttpTest::copiesBeingWritten, backups);
        System.out.printf("compression burst: %d backups on 2 hosts backed up and compressed in %d s; most at once:"
                + " %s (traces: copies on the store)%n", backups.size(),
                Duration.ofNanos(System.nanoTime() - start).toSeconds(), burst);

        for (String backup : backups) {
            JsonObject b = cloud.listed(admin, backup);
            assertEquals(b.toString(), "Compressed", b.get("compressionstatus").getAsString());
            assertTrue(b.toString(), b.get("size").getAsLong() < b.get("uncompressedsize").getAsLong());
        }
        assertEquals("every compression succeeded at its first attempt", String.valueOf(backups.size()),
                cloud.single("SELECT COUNT(*) FROM operation WHERE kind = 'COMPRESSION' AND state = 'SUCCEEDED' AND"
                        + " attempts = 1"));
        assertEquals("one agent job per backup: none compressed twice", Map.of(JobType.COMPRESS_BACKUP,
                backups.size()), burst.journalled);
        // The limits held in every record...
        burst.assertWithinLimits("copies on the store");
        // ...and they were what held the burst back: twenty waited and the claim admits up to the limits at once,
        // so the rows reached the zone's three, two of them on one host. The agents' and the store's records depend
        // on timing (one compression may end before the next starts on a slow machine): only shown to be seen.
        assertEquals("the burst reached the zone limit: " + burst, ZONE_LIMIT, burst.rows.zone);
        assertEquals("the burst reached the host limit: " + burst, HOST_LIMIT, burst.rows.busiestHost());
        assertTrue("compressions were seen on the agents and the store: " + burst,
                burst.agentJobs.zone >= 1 && burst.traces.zone >= 1);
        assertEquals("no temporary file is left on the store", List.of(), copiesOnTheStore());

        for (int k = 0; k < vms.size(); k++) {
            assertRestoresAsWritten(k, chains.get(k), RESTORED_POINT[k]);
        }
    }

    /** Restores {@code point} of VM {@code k}'s chain onto its (stopped) disk and checks every MiB of it. */
    private static void assertRestoresAsWritten(int k, List<String> chain, int point) throws Exception {
        LabVm vm = vms.get(k);
        String backup = chain.get(point);
        cloud.stop(vm);
        cloud.restore(admin, backup, "quickrestore", "false");
        Path disk = vm.domain.disk;
        // Every MiB in one qemu-io (one read per region): a process per MiB costs a minute on a loaded machine.
        List<String> command = new ArrayList<>(List.of("qemu-io", "-r", "-U", "-f", "qcow2"));
        for (int region = 0; region < BACKUPS_PER_VM; region++) {
            int expected = region <= point ? pattern(k, region) : 0;
            command.addAll(List.of("-c", "read -P 0x" + Integer.toHexString(expected) + " " + region * MIB_PER_BACKUP
                    + "M " + MIB_PER_BACKUP + "M"));
        }
        int written = BACKUPS_PER_VM * MIB_PER_BACKUP;
        command.addAll(List.of("-c", "read -P 0x0 " + written + "M " + (DISK_MIB - written) + "M", disk.toString()));
        String out = Programs.run(command, Duration.ofSeconds(60));
        String region = "read " + (MIB_PER_BACKUP << 20) + "/" + (MIB_PER_BACKUP << 20);
        assertEquals("point " + point + " of VM " + k + " restored as written: " + out, BACKUPS_PER_VM,
                out.split(region, -1).length - 1);
        assertTrue("the rest of the disk reads as zeros: " + out, out.contains("read " + ((DISK_MIB - written) << 20)
                + "/" + ((DISK_MIB - written) << 20)));
        assertTrue(out, !out.contains("verification failed"));
        // And the restored disk reads as the compressed file (with its compressed parents) on the store.
        Path file = cloud.store.resolve(cloud.single("SELECT bv.relative_path FROM backup_volume bv JOIN backup b ON"
                + " b.id = bv.backup_id WHERE b.uuid = '" + backup + "'"));
        Programs.run(List.of("qemu-img", "compare", "-U", "-f", "qcow2", "-F", "qcow2", file.toString(),
                disk.toString()), Duration.ofSeconds(60));
    }

    /** The byte VM {@code k}'s backup {@code point} writes: different per VM and per point, never zero. */
    private static int pattern(int k, int point) {
        return 0x10 * (k + 1) + point;
    }

    /** The burst's probe: the backup of each compressed copy being written on the store, as the walk meets it. */
    private static void copiesBeingWritten(Consumer<String> backupSeen) throws Exception {
        try (Stream<Path> files = Files.walk(cloud.store)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".compressing"))
                    .forEach(copy -> backupSeen.accept(copy.substring(0, copy.indexOf('.'))));
        } catch (java.io.UncheckedIOException e) {
            // A copy was renamed while the walk read its folder: the next sample sees the store again.
        }
    }

    /** The compressed copies being written now, as file names ({@code <backup uuid>.qcow2.compressing}). */
    private static List<String> copiesOnTheStore() throws Exception {
        try (Stream<Path> files = Files.walk(cloud.store)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".compressing")).toList();
        } catch (java.io.UncheckedIOException e) {
            // A copy was renamed or deleted while the walk read its folder: sample again.
            return copiesOnTheStore();
        }
    }
}
