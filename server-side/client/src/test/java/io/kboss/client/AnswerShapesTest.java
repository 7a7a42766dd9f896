package io.kboss.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Answers today's server does not give but CloudStack (and the server after the parity work) does:
 * an empty list as an empty object, an answer that is not JSON, a body without the command's
 * envelope. Served by a stand-in HTTP server, since the real one cannot be made to send them.
 */
public class AnswerShapesTest {
    private HttpServer http;
    private final AtomicReference<String> body = new AtomicReference<>();
    private final AtomicReference<Integer> status = new AtomicReference<>(200);
    private final AtomicReference<String> request = new AtomicReference<>();
    private KbossClient client;

    @Before
    public void serve() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/client/api", exchange -> {
            request.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), b.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(b);
            }
        });
        http.start();
        client = KbossClient.builder("http://127.0.0.1:" + http.getAddress().getPort()).apiKey("k", "s").build();
    }

    @After
    public void stop() {
        http.stop(0);
    }

    @Test
    public void anEmptyListWrittenAsAnEmptyObjectIsAnEmptyList() {
        body.set("{\"listbackupsresponse\":{}}");

        assertTrue(client.backups().list().isEmpty());
        assertTrue("response=json is always sent: without it CloudStack answers XML",
                request.get().contains("response=json"));
    }

    @Test
    public void anEmptyListWithCountZeroIsAnEmptyList() {
        body.set("{\"listbackupofferingsresponse\":{\"count\":0,\"backupoffering\":[]}}");

        assertTrue(client.offerings().list(null).isEmpty());
    }

    @Test
    public void aRefusalWithoutAJsonBodyKeepsTheStatusAndAnExcerpt() {
        status.set(503);
        body.set("<html>Service Unavailable</html>");

        KbossApiException e = assertThrows(KbossApiException.class, () -> client.zones().list());

        assertEquals(503, e.errorCode());
        assertTrue(e.errorText(), e.errorText().contains("Service Unavailable"));
    }

    @Test
    public void aSuccessWithoutTheCommandsEnvelopeIsNotTakenForAnAnswer() {
        body.set("<?xml version=\"1.0\"?><listzonesresponse/>");

        KbossClientException e = assertThrows(KbossClientException.class, () -> client.zones().list());

        assertTrue(e.getMessage(), e.getMessage().contains("without listzonesresponse"));
    }
}
