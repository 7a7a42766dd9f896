package io.kboss.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.kboss.client.model.Zone;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * TLS checking on and off, against kboss-server behind a TLS front (as an operator puts one, e.g.
 * nginx) whose certificate is self-signed for a name that is not the address called: checked, the
 * call fails on the certificate; unchecked, it reaches the server.
 */
public class TlsCheckingTest {
    private static InProcessServer server;
    private static HttpsServer front;
    private static String frontUrl;

    @BeforeClass
    public static void start() throws Exception {
        server = InProcessServer.start("client_tls");
        front = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        front.setHttpsConfigurator(new HttpsConfigurator(selfSigned()));
        HttpClient toServer = HttpClient.newHttpClient();
        front.createContext("/client/api", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                HttpResponse<byte[]> r = toServer.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                        + "/client/api")).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(in.readAllBytes())).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
                exchange.sendResponseHeaders(r.statusCode(), r.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(r.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(503, -1);
            }
        });
        front.start();
        frontUrl = "https://127.0.0.1:" + front.getAddress().getPort();
    }

    @AfterClass
    public static void stop() throws Exception {
        if (front != null) {
            front.stop(0);
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    public void withTlsCheckingASelfSignedCertificateIsRefusedBeforeAnyCall() {
        KbossClient checking = KbossClient.builder(frontUrl)
                .apiKey(server.adminKeys.apiKey(), server.adminKeys.secretKey()).build();

        KbossClientException e = assertThrows(KbossClientException.class, () -> checking.zones().list());

        assertTrue(String.valueOf(e.getCause()), e.getCause() instanceof SSLHandshakeException);
        assertTrue(e.getMessage(), e.getMessage().contains(frontUrl));
    }

    @Test
    public void withoutTlsCheckingTheCallReachesTheServer() {
        KbossClient trusting = KbossClient.builder(frontUrl)
                .apiKey(server.adminKeys.apiKey(), server.adminKeys.secretKey()).validateTls(false).build();

        Zone made = trusting.zones().create("tls-zone");

        assertEquals(made, server.admin().zones().byName("tls-zone").orElseThrow());
    }

    /** A key pair and certificate for CN=kboss.invalid, made by the JDK's keytool. */
    private static SSLContext selfSigned() throws Exception {
        Path dir = Files.createTempDirectory("kboss-tls");
        Path store = dir.resolve("front.p12");
        char[] password = "front-test".toCharArray();
        Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString(), "-genkeypair", "-alias", "front", "-keyalg", "RSA", "-keysize", "2048", "-dname",
                "CN=kboss.invalid", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(password))).redirectErrorStream(true)
                .redirectOutput(dir.resolve("keytool.log").toFile()).start();
        if (!keytool.waitFor(60, TimeUnit.SECONDS)) {
            keytool.destroyForcibly();
            throw new IllegalStateException("keytool did not finish within 60 s");
        }
        if (keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + Files.readString(dir.resolve("keytool.log")));
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(ks, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        return tls;
    }
}
