package io.kboss.test.backup;

import com.google.gson.JsonObject;
import io.kboss.agent.contract.JobInfo;
import io.kboss.test.api.ApiSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Item 5 of issue 14: what a {@code createBackup} of a running VM with 1 % of its disk dirty costs
 * a client of the API beyond the agent's own work. A real kboss-server (in process, on the test
 * MariaDB), a real kboss-agent process paired with addHost, one TCG domain with a 1 GiB disk holding
 * 256 MiB of data; after one full (not measured), each repetition writes 10 MiB in the guest and
 * times {@code createBackup} from the request until {@code queryAsyncJobResult}, asked every 5 ms,
 * shows the job done, and checks that listBackups shows an incremental BackedUp.
 *
 * <p>The agent's journal gives the agent-side times of the same backup (its job created, started,
 * finished; same machine, same clock), which splits the client's time into: the server before the
 * agent has the job, the agent's queue, the agent's job (the disk engine plus the job's own
 * bookkeeping), and the server after the agent finished until the client sees it. The target is
 * client time at most the agent's job plus 0.1 s.
 *
 * <p>Not a test ({@code mvn verify} runs only {@code *Test}): run by {@code agent-side/bench/disk-bench}
 * after the disk benchmark, or alone with the test module's class path and
 * {@code KBOSS_TEST_JDBC_URL}: {@code EndToEndBackupBenchmark [--reps N] [--out FILE]}.
 */
public final class EndToEndBackupBenchmark {
    private static final Duration CLIENT_POLL = Duration.ofMillis(5);
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);

    private EndToEndBackupBenchmark() {
    }

    /** One measured backup, all in epoch milliseconds of the machine's clock. */
    record Sample(long asked, long agentCreated, long agentStarted, long agentFinished, long seen) {
        long client() {
            return seen - asked;
        }

        long agentJob() {
            return agentFinished - agentStarted;
        }
    }

    public static void main(String[] args) throws Exception {
        int reps = 5;
        Path out = null;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--reps" -> reps = Integer.parseInt(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; EndToEndBackupBenchmark takes --reps N and --out FILE");
            }
        }
        String report = run(reps);
        System.out.println(report);
        if (out != null) {
            Files.writeString(out, report);
        }
        System.exit(0); // the in-process server's threads are not all daemons
    }

    static String run(int reps) throws Exception {
        Instant started = Instant.now();
        List<Sample> samples = new ArrayList<>();
        try (LabCloud cloud = LabCloud.builder("kbt-e2e-", "e2e_bench").zone("e2e")
                .offering("e2e-chains", "long chains, so every measured backup is an incremental",
                        "backupchainsize", "50")
                .domainPrefix("kbt-e2e-").jobTimeout(JOB_TIMEOUT).start()) {
            ApiSession admin = cloud.admin;
            LabVm vm = cloud.newVm("1G");
            cloud.assignOffering(admin, vm, cloud.offering("e2e-chains"));
            vm.domain.write(0x5a, "0", "256M");
            JsonObject full = cloud.backUp(admin, vm);
            require(full, "Full");
            for (int r = 0; r < reps; r++) {
                vm.domain.write(0x60 + r, (300 + r * 20) + "M", "10M");
                samples.add(measure(cloud, admin, vm));
                System.out.println("end-to-end backup " + (r + 1) + " of " + reps + ": " + describe(samples.get(r)));
            }
        }
        return report(started, samples);
    }

    private static Sample measure(LabCloud cloud, ApiSession admin, LabVm vm) throws Exception {
        long asked = System.currentTimeMillis();
        JsonObject job = admin.ok("createBackup", "virtualmachineid", vm.uuid);
        String jobId = job.get("jobid").getAsString();
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        JsonObject result;
        while (true) {
            result = admin.ok("queryAsyncJobResult", "jobid", jobId);
            if (result.get("jobstatus").getAsInt() != 0) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("createBackup job " + jobId + " did not end within " + JOB_TIMEOUT);
            }
            Thread.sleep(CLIENT_POLL.toMillis());
        }
        long seen = System.currentTimeMillis();
        if (result.get("jobstatus").getAsInt() != 1) {
            throw new IllegalStateException("createBackup failed: " + result);
        }
        String backup = job.get("id").getAsString();
        require(cloud.listed(admin, backup), "Incremental");
        JobInfo agent = cloud.agentJobOf(vm.hostUuid, backup);
        return new Sample(asked, agent.createdAtMillis, agent.startedAtMillis, agent.finishedAtMillis, seen);
    }

    private static void require(JsonObject backup, String type) {
        if (!"BackedUp".equals(backup.get("status").getAsString()) || !type.equals(backup.get("type").getAsString())) {
            throw new IllegalStateException("expected a " + type + " backup BackedUp, the API shows " + backup);
        }
    }

    private static String describe(Sample s) {
        return String.format(Locale.ROOT, "client %d ms = server before the agent %d + agent queue %d + agent job %d"
                + " + server after the agent %d", s.client(), s.agentCreated() - s.asked(),
                s.agentStarted() - s.agentCreated(), s.agentJob(), s.seen() - s.agentFinished());
    }

    private static String report(Instant started, List<Sample> samples) {
        StringBuilder md = new StringBuilder();
        md.append("### End to end: createBackup of a 1 %-dirty VM through the API (issue 14 item 5), run of ")
                .append(started).append("\n\n");
        md.append("- ").append(samples.size()).append(" incrementals of a running TCG VM (1 GiB disk, 256 MiB of data,"
                + " 10 MiB written before each), client polling queryAsyncJobResult every ")
                .append(CLIENT_POLL.toMillis()).append(" ms; kboss-server in process, kboss-agent in its own JVM\n\n");
        md.append("| measurement | median ms | min ms | max ms | samples ms |\n|---|---|---|---|---|\n");
        row(md, "client: createBackup until the job is seen done", samples, Sample::client);
        row(md, "server before the agent has the job", samples, s -> s.agentCreated() - s.asked());
        row(md, "agent's queue", samples, s -> s.agentStarted() - s.agentCreated());
        row(md, "agent's job (disk engine + job bookkeeping)", samples, Sample::agentJob);
        row(md, "server after the agent finished, until the client sees it", samples,
                s -> s.seen() - s.agentFinished());
        long over = median(samples, s -> s.client() - s.agentJob());
        md.append("\n| target | value | verdict |\n|---|---|---|\n");
        md.append("| 5. client time at most the agent's job + 100 ms | median overhead ").append(over).append(" ms | ")
                .append(over <= 100 ? "met" : "**missed**").append(" |\n");
        return md.toString();
    }

    private interface Part {
        long of(Sample s);
    }

    private static void row(StringBuilder md, String name, List<Sample> samples, Part part) {
        List<Long> values = samples.stream().map(part::of).sorted().toList();
        md.append("| ").append(name).append(" | ").append(median(samples, part)).append(" | ")
                .append(values.get(0)).append(" | ").append(values.get(values.size() - 1)).append(" | ")
                .append(samples.stream().map(s -> Long.toString(part.of(s))).reduce((a, b) -> a + ", " + b)
                        .orElse(""))
                .append(" |\n");
    }

    private static long median(List<Sample> samples, Part part) {
        List<Long> values = new ArrayList<>(samples.stream().map(part::of).toList());
        Collections.sort(values);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }
}
