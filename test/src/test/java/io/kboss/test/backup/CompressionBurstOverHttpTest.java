package io.kboss.test.backup;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.JobType;
import io.kboss.agent.contract.ListJobsCommand;
import io.kboss.server.backup.AgentChannels;
import io.kboss.test.api.ApiSession;
import io.kboss.test.support.LabDomain;
import io.kboss.test.support.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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
 * <p>While they run, a sampler reads three records that do not depend on each other: the operation rows, each
 * agent's running jobs (and afterwards the start and end of every job in its journal), and the compressed copies
 * being written on the store ({@code .compressing} files); none may ever show more than the limits allow. Afterwards every backup is Compressed and smaller, no temporary file is
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
        Records records = new Records();
        long end = System.nanoTime() + BURST_TIMEOUT.toNanos();
        while (!"0".equals(cloud.single("SELECT COUNT(*) FROM operation WHERE kind = 'COMPRESSION' AND state IN"
                + " ('QUEUED', 'RUNNING')"))) {
            assertTrue("the burst did not end within " + BURST_TIMEOUT + "; most at once so far: " + records,
                    System.nanoTime() < end);
            records.sample();
            Thread.sleep(100);
        }
        records.readJournals(backups);
        System.out.printf("compression burst: %d backups on 2 hosts backed up and compressed in %d s; most at once:"
                + " %s%n", backups.size(), Duration.ofNanos(System.nanoTime() - start).toSeconds(), records);

        for (String backup : backups) {
            JsonObject b = cloud.listed(admin, backup);
            assertEquals(b.toString(), "Compressed", b.get("compressionstatus").getAsString());
            assertTrue(b.toString(), b.get("size").getAsLong() < b.get("uncompressedsize").getAsLong());
        }
        assertEquals("every compression succeeded at its first attempt", String.valueOf(backups.size()),
                cloud.single("SELECT COUNT(*) FROM operation WHERE kind = 'COMPRESSION' AND state = 'SUCCEEDED' AND"
                        + " attempts = 1"));
        assertEquals("one agent job per backup: none compressed twice", backups.size(), records.agentJobCount);
        // The limits held in every record...
        records.rows.assertWithin("operation rows");
        records.agentJobs.assertWithin("agent jobs");
        records.copies.assertWithin("copies on the store");
        for (int h = 0; h < 2; h++) {
            assertTrue("agent jobs listed at once: " + records, records.listedAgentJobs[h] <= HOST_LIMIT);
        }
        // ...and they were what held the burst back: twenty waited and the claim admits up to the limits at once,
        // so the rows reached the zone's three, two of them on one host. The agents' and the store's records depend
        // on timing (one compression may end before the next starts on a slow machine): only shown to be seen.
        assertEquals("the burst reached the zone limit: " + records, ZONE_LIMIT, records.rows.zone);
        assertEquals("the burst reached the host limit: " + records, HOST_LIMIT,
                Math.max(records.rows.host[0], records.rows.host[1]));
        assertTrue("compressions were seen on the agents and the store: " + records,
                records.agentJobs.zone >= 1 && records.copies.zone >= 1);
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

    /** The compressed copies being written now, as file names ({@code <backup uuid>.qcow2.compressing}). */
    private static List<String> copiesOnTheStore() throws Exception {
        try (Stream<Path> files = Files.walk(cloud.store)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".compressing")).toList();
        } catch (java.io.UncheckedIOException e) {
            // A copy was renamed or deleted while the walk read its folder: sample again.
            return copiesOnTheStore();
        }
    }

    /**
     * How many compressions ran at once, in three records that do not depend on each other. Each counts what
     * truly overlapped, never a mix of moments: the operation rows are read in one query per sample; the agents'
     * jobs come from their journals' start and end times (both agents run on this machine's clock), and each
     * agent's list of running jobs is one answer per host; a copy on the store counts from the first to the last
     * time a sample saw it (each sample walks the store for a while: counting every copy one walk saw would add
     * a copy that ended before the walk reached another that began).
     */
    private static final class Records {
        final Most rows = new Most();
        Most agentJobs = new Most();
        Most copies = new Most();
        /** Per host, the most jobs its agent listed as running in one answer. */
        final int[] listedAgentJobs = new int[2];
        int agentJobCount;
        /** Per backup whose copy was seen on the store: {first seen, last seen}, in nanoTime. */
        private final Map<String, long[]> copiesSeen = new LinkedHashMap<>();

        void sample() throws Exception {
            int[] running = new int[2];
            for (String hostUuid : cloud.sql.rows("SELECT h.uuid FROM operation o JOIN host h ON h.id = o.host_id"
                    + " WHERE o.kind = 'COMPRESSION' AND o.state = 'RUNNING'")) {
                running[cloud.hostUuids.indexOf(hostUuid)]++;
            }
            rows.see(running);
            for (int h = 0; h < 2; h++) {
                int listed = 0;
                for (JobInfo j : cloud.activeAgentJobs(cloud.hostUuids.get(h))) {
                    if (j.type == JobType.COMPRESS_BACKUP) {
                        listed++;
                    }
                }
                listedAgentJobs[h] = Math.max(listedAgentJobs[h], listed);
            }
            try (Stream<Path> files = Files.walk(cloud.store)) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".compressing")).forEach(copy -> {
                    long now = System.nanoTime();
                    copiesSeen.computeIfAbsent(copy.substring(0, copy.indexOf('.')),
                            c -> new long[]{now, now})[1] = now;
                });
            } catch (java.io.UncheckedIOException e) {
                // A copy was renamed while the walk read its folder: the next sample sees the store again.
            }
        }

        /**
         * The compress-backup jobs of these backups in both agents' journals, as intervals of their run; and the
         * copies seen on the store, each on the host whose agent compressed its backup. That is not always its VM's
         * host: a compression is placed on the backup's host while it has room under the per-host limit, else on
         * the host with the most room, and every host of the zone reaches the store.
         */
        void readJournals(Set<String> backups) throws Exception {
            List<long[]> runs = new ArrayList<>();
            Map<String, Integer> compressedBy = new LinkedHashMap<>();
            for (int h = 0; h < 2; h++) {
                for (JobInfo j : cloud.server().bean(AgentChannels.class).forHost(Long.parseLong(cloud.single(
                        "SELECT id FROM host WHERE uuid = '" + cloud.hostUuids.get(h) + "'"))).execute(
                                new ListJobsCommand()).jobs) {
                    if (j.type == JobType.COMPRESS_BACKUP && backups.contains(j.backupUuid)) {
                        compressedBy.put(j.backupUuid, h);
                        assertTrue("job " + j.jobId + " ran and ended", j.startedAtMillis > 0
                                && j.finishedAtMillis >= j.startedAtMillis);
                        runs.add(new long[]{j.startedAtMillis, j.finishedAtMillis, h});
                    }
                }
            }
            agentJobCount = runs.size();
            agentJobs = Most.ofIntervals(runs);
            List<long[]> copyLives = new ArrayList<>();
            for (Map.Entry<String, long[]> c : copiesSeen.entrySet()) {
                assertTrue("a copy of backup " + c.getKey() + " was seen but no agent compressed it",
                        compressedBy.containsKey(c.getKey()));
                copyLives.add(new long[]{c.getValue()[0], c.getValue()[1] + 1, compressedBy.get(c.getKey())});
            }
            copies = Most.ofIntervals(copyLives);
        }

        @Override
        public String toString() {
            return String.format("operation rows %s, agent jobs %s (listed at once: %d, %d), copies on the store %s",
                    rows, agentJobs, listedAgentJobs[0], listedAgentJobs[1], copies);
        }
    }

    /** The most compressions at once in one record: in the zone, and on each host (index of hostUuids). */
    private static final class Most {
        int zone;
        final int[] host = new int[2];

        void see(int[] now) {
            zone = Math.max(zone, now[0] + now[1]);
            for (int h = 0; h < 2; h++) {
                host[h] = Math.max(host[h], now[h]);
            }
        }

        /** From intervals {start, end, host}, each running from its start up to but not at its end. */
        static Most ofIntervals(List<long[]> intervals) {
            List<long[]> events = new ArrayList<>();
            for (long[] i : intervals) {
                events.add(new long[]{i[0], +1, i[2]});
                events.add(new long[]{i[1], -1, i[2]});
            }
            // At the same instant an end comes before a start: one that ends as another starts is no overlap.
            events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
            Most most = new Most();
            int[] now = new int[2];
            for (long[] e : events) {
                now[(int) e[2]] += (int) e[1];
                most.see(now);
            }
            return most;
        }

        void assertWithin(String record) {
            assertTrue(record + ": " + this, zone <= ZONE_LIMIT && host[0] <= HOST_LIMIT && host[1] <= HOST_LIMIT);
        }

        @Override
        public String toString() {
            return String.format("%d (hosts %d, %d)", zone, host[0], host[1]);
        }
    }
}
