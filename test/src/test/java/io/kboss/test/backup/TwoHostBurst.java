package io.kboss.test.backup;

import static org.junit.Assert.assertTrue;

import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.JobType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How many operations of one kind (compression, validation) ran at once during a burst on a {@link LabCloud}'s
 * two hosts, held against a zone limit and a per-host limit, in three records that do not depend on each other.
 * Each counts what truly overlapped, never a mix of moments:
 * <ul>
 * <li>the operation rows: one query per sample;</li>
 * <li>the agents' jobs: after the burst, the start and end of every job of the kind in both journals (both
 * agents run on this machine's clock); while it runs, each agent's list of running jobs, one answer per host;</li>
 * <li>what the work leaves on the host while it runs (a compressed copy on the store, a validation VM in
 * libvirt), seen by the test's {@link Probe}: each counts from the first to the last moment a sample saw it, on
 * the host whose agent ran its backup's job. A probe takes a while, so each sighting is stamped as it is made:
 * counting everything one probe saw would add a thing that ended before the probe reached another that
 * began.</li>
 * </ul>
 * The sampling is the same for every kind; the burst's set-up and its probe are the test's.
 */
final class TwoHostBurst {
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(100);

    /** What the work leaves while it runs: reports the backup of each trace it sees, as it sees it. */
    interface Probe {
        void look(Consumer<String> backupSeen) throws Exception;
    }

    private final LabCloud cloud;
    private final String kind;
    private final Set<JobType> jobTypes;
    private final int zoneLimit;
    private final int hostLimit;
    final Most rows = new Most();
    Most agentJobs = new Most();
    Most traces = new Most();
    /** Per host, the most jobs its agent listed as running in one answer. */
    final int[] listedAgentJobs = new int[2];
    /** Per job type, how many jobs of these backups the journals hold. */
    final Map<JobType, Integer> journalled = new LinkedHashMap<>();
    /** Per backup whose trace was seen: {first seen, last seen}, in nanoTime. */
    private final Map<String, long[]> sightings = new LinkedHashMap<>();

    /**
     * @param kind the operation kind, as in the operation table (COMPRESSION, VALIDATION)
     * @param jobTypes the agent job types that do its work
     */
    TwoHostBurst(LabCloud cloud, String kind, Set<JobType> jobTypes, int zoneLimit, int hostLimit) {
        this.cloud = cloud;
        this.kind = kind;
        this.jobTypes = Set.copyOf(jobTypes);
        this.zoneLimit = zoneLimit;
        this.hostLimit = hostLimit;
    }

    /** Samples until no operation of the kind is queued or running, then reads the journals for {@code backups}. */
    void follow(Duration timeout, Probe probe, Set<String> backups) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (!"0".equals(cloud.single("SELECT COUNT(*) FROM operation WHERE kind = '" + kind + "' AND state IN"
                + " ('QUEUED', 'RUNNING')"))) {
            assertTrue("the burst did not end within " + timeout + "; most at once so far: " + this,
                    System.nanoTime() < end);
            sample(probe);
            Thread.sleep(SAMPLE_EVERY.toMillis());
        }
        readJournals(backups);
    }

    private void sample(Probe probe) throws Exception {
        int[] running = new int[2];
        for (String hostUuid : cloud.sql.rows("SELECT h.uuid FROM operation o JOIN host h ON h.id = o.host_id"
                + " WHERE o.kind = '" + kind + "' AND o.state = 'RUNNING'")) {
            running[cloud.hostUuids.indexOf(hostUuid)]++;
        }
        rows.see(running);
        for (int h = 0; h < 2; h++) {
            int listed = 0;
            for (JobInfo j : cloud.activeAgentJobs(cloud.hostUuids.get(h))) {
                if (jobTypes.contains(j.type)) {
                    listed++;
                }
            }
            listedAgentJobs[h] = Math.max(listedAgentJobs[h], listed);
        }
        probe.look(backup -> {
            long now = System.nanoTime();
            sightings.computeIfAbsent(backup, b -> new long[]{now, now})[1] = now;
        });
    }

    /**
     * The jobs of these backups in both agents' journals, as intervals of their run; and the traces seen, each
     * on the host whose agent ran its backup's job. That is not always its VM's host: work is placed on the
     * backup's host while it has room under the per-host limit, else on the host of the zone with the most room.
     */
    private void readJournals(Set<String> backups) throws Exception {
        List<long[]> runs = new ArrayList<>();
        Map<String, Integer> ranOn = new LinkedHashMap<>();
        for (int h = 0; h < 2; h++) {
            for (JobInfo j : cloud.agentJournal(cloud.hostUuids.get(h))) {
                if (jobTypes.contains(j.type) && backups.contains(j.backupUuid)) {
                    ranOn.put(j.backupUuid, h);
                    journalled.merge(j.type, 1, Integer::sum);
                    assertTrue("job " + j.jobId + " ran and ended", j.startedAtMillis > 0
                            && j.finishedAtMillis >= j.startedAtMillis);
                    runs.add(new long[]{j.startedAtMillis, j.finishedAtMillis, h});
                }
            }
        }
        agentJobs = Most.ofIntervals(runs);
        List<long[]> lives = new ArrayList<>();
        for (Map.Entry<String, long[]> seen : sightings.entrySet()) {
            assertTrue("a trace of backup " + seen.getKey() + " was seen but no agent ran its job",
                    ranOn.containsKey(seen.getKey()));
            lives.add(new long[]{seen.getValue()[0], seen.getValue()[1] + 1, ranOn.get(seen.getKey())});
        }
        traces = Most.ofIntervals(lives);
    }

    /** Every record within the limits, in the zone and on each host. */
    void assertWithinLimits(String traceName) {
        rows.assertWithin("operation rows", zoneLimit, hostLimit, this);
        agentJobs.assertWithin("agent jobs", zoneLimit, hostLimit, this);
        traces.assertWithin(traceName, zoneLimit, hostLimit, this);
        for (int h = 0; h < 2; h++) {
            assertTrue("agent jobs listed at once: " + this, listedAgentJobs[h] <= hostLimit);
        }
    }

    @Override
    public String toString() {
        return String.format("operation rows %s, agent jobs %s (listed at once: %d, %d), traces %s", rows, agentJobs,
                listedAgentJobs[0], listedAgentJobs[1], traces);
    }

    /** The most at once in one record: in the zone, and on each host (index of hostUuids). */
    static final class Most {
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

        int busiestHost() {
            return Math.max(host[0], host[1]);
        }

        void assertWithin(String record, int zoneLimit, int hostLimit, TwoHostBurst burst) {
            assertTrue(record + ": " + burst, zone <= zoneLimit && host[0] <= hostLimit && host[1] <= hostLimit);
        }

        @Override
        public String toString() {
            return String.format("%d (hosts %d, %d)", zone, host[0], host[1]);
        }
    }
}
