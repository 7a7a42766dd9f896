package io.kboss.plugin.backup.kboss.bench;

import io.kboss.plugin.backup.kboss.operation.Sleeper;
import io.kboss.plugin.backup.kboss.orchestration.FakeAgents;
import io.kboss.plugin.backup.kboss.orchestration.OrchestrationServer;
import io.kboss.server.config.FrameworkProperties;
import io.kboss.test.support.SettableClock;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * One management server of the queue benchmark, in a JVM of its own so that the benchmark can kill
 * it with SIGKILL: the framework's and the kboss plugin's real Spring contexts (dispatcher, workers,
 * heartbeat, adoption; the real clock) on the benchmark's database, behind the orchestration tier's
 * fake agents (jobs end the moment they start). Every start a handler sends to an agent is appended to
 * {@code <name>.starts} ("request-id server epoch-millis"), one unbuffered write each, so a kill loses
 * none of them; {@code <name>.ready} holds the server's mshost id once it runs.
 *
 * <p>Arguments: jdbc-url name workers lease-seconds heartbeat-seconds folder. Not a test.
 */
public final class QueueBenchServer {

    private QueueBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String name = args[1];
        int workers = Integer.parseInt(args[2]);
        Duration lease = Duration.ofSeconds(Long.parseLong(args[3]));
        Duration heartbeat = Duration.ofSeconds(Long.parseLong(args[4]));
        Path folder = Path.of(args[5]);
        FakeAgents agents = new FakeAgents(new SettableClock());
        FileOutputStream starts = new FileOutputStream(folder.resolve(name + ".starts").toFile(), true);
        agents.onStart(requestId -> {
            try {
                starts.write((requestId + " " + name + " " + System.currentTimeMillis() + "\n")
                        .getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        FrameworkProperties props = new FrameworkProperties(name, Files.createDirectories(folder.resolve(name)),
                "queue-bench-admin", Duration.ofMinutes(30), lease, heartbeat, 2, Duration.ofSeconds(10), false,
                workers, true);
        OrchestrationServer server = new OrchestrationServer(url, props, Clock.systemUTC(), agents, Sleeper.REAL);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "queue-bench-stop"));
        Files.writeString(folder.resolve(name + ".ready"), Long.toString(server.id()));
        Thread.currentThread().join(); // until SIGTERM (an orderly stop) or SIGKILL
    }
}
