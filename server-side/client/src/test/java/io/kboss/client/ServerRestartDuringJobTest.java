package io.kboss.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.kboss.client.model.Backup;
import io.kboss.client.request.BackupOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.After;
import org.junit.Test;

/**
 * A wait for a job rides out kboss-server restarting (its jobs outlive a restart), within the
 * client's unreachable patience. The restart is a stand-in server stopped and started again on the
 * same port: the real server's restart is tested in server-side/app (AsyncJobsAcrossRestartsTest).
 */
public class ServerRestartDuringJobTest {
    private static final String STARTED = "{\"createbackupresponse\":{\"jobid\":\"j-1\",\"id\":\"b-1\"}}";
    private static final String DONE = "{\"queryasyncjobresultresponse\":{\"jobid\":\"j-1\",\"cmd\":\"createBackup\","
            + "\"jobstatus\":1,\"jobprocstatus\":100,\"jobresultcode\":0,\"jobresulttype\":\"object\","
            + "\"jobresult\":{\"backup\":{\"id\":\"b-1\",\"type\":\"Full\",\"status\":\"BackedUp\"}}}}";

    private HttpServer http;

    @After
    public void stop() {
        if (http != null) {
            http.stop(0);
        }
    }

    @Test
    public void aWaitRidesOutAServerThatIsDownForAWhileAndGetsTheJobsResult() throws Exception {
        int port = serve(0, STARTED);
        KbossClient client = KbossClient.builder("http://127.0.0.1:" + port).apiKey("k", "s").build();
        PendingJob<Backup> job = client.backups().create("vm-1", BackupOptions.defaults());
        http.stop(0);
        Thread restart = new Thread(() -> {
            try {
                Thread.sleep(1500);
                serve(port, DONE);
            } catch (InterruptedException | IOException e) {
                throw new IllegalStateException(e);
            }
        });
        restart.start();

        Backup done = job.await(Duration.ofSeconds(30));
        restart.join();

        assertEquals("b-1", done.id());
        assertEquals(Backup.BACKED_UP, done.status());
    }

    @Test
    public void aServerDownLongerThanThePatienceEndsTheWaitWithTheConnectionFailure() throws Exception {
        int port = serve(0, STARTED);
        KbossClient client = KbossClient.builder("http://127.0.0.1:" + port).apiKey("k", "s")
                .unreachablePatience(Duration.ofSeconds(1)).build();
        PendingJob<Backup> job = client.backups().create("vm-1", BackupOptions.defaults());
        http.stop(0);
        http = null;

        KbossClientException e = assertThrows(KbossClientException.class, () -> job.await(Duration.ofMinutes(1)));

        assertTrue(e.getMessage(), e.getMessage().contains("stopped answering")
                && e.getMessage().contains("queryAsyncJobResult jobid=j-1"));
        assertTrue(e.getCause() instanceof KbossClientException);
    }

    /** Serves {@code body} to every call on {@code port} (0: any free port); answers the port. */
    private int serve(int port, String body) throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        http.createContext("/client/api", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, b.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(b);
            }
        });
        http.start();
        return http.getAddress().getPort();
    }
}
