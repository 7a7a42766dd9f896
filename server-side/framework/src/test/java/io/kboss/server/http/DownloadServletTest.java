package io.kboss.server.http;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.kboss.server.backup.Downloads;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code /client/download/TOKEN} on the real Jetty server: a token the {@link Downloads} bean knows streams its
 * file whole as an attachment with the file's name; an unknown, malformed or vanished one answers 404 and
 * shows nothing else.
 */
public class DownloadServletTest {
    private static final String TOKEN = "abcdefghijklmnopqrstuvwxyz012345-_AB";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void aKnownTokenDownloadsItsFileAndAnythingElseIs404() throws Exception {
        Path file = tmp.newFile("copy").toPath();
        byte[] bytes = new byte[300_000];
        new java.util.Random(7).nextBytes(bytes);
        Files.write(file, bytes);
        Path gone = tmp.getRoot().toPath().resolve("gone");
        Downloads downloads = token -> switch (token) {
            case TOKEN -> Optional.of(Downloads.Download.ofFile(file, "report 2026.tar"));
            case TOKEN + "x" -> Optional.of(Downloads.Download.ofFile(gone, "gone.txt"));
            default -> Optional.empty();
        };
        try (HttpServer server = new HttpServer("127.0.0.1", 0, null, null, downloads)) {
            server.start();
            String base = "http://127.0.0.1:" + server.port() + Downloads.PATH;
            HttpResponse<byte[]> ok = get(base + TOKEN);
            assertEquals(200, ok.statusCode());
            assertArrayEquals(bytes, ok.body());
            assertEquals("attachment; filename*=UTF-8''report%202026.tar",
                    ok.headers().firstValue("Content-Disposition").orElseThrow());
            assertEquals("no-store", ok.headers().firstValue("Cache-Control").orElseThrow());

            assertEquals(404, get(base + "unknown-but-long-enough-token").statusCode());
            assertEquals(404, get(base + "short").statusCode());
            assertEquals(404, get(base + "..%2F..%2Fetc%2Fpasswd-padding-padding").statusCode());
            HttpResponse<byte[]> vanished = get(base + TOKEN + "x");
            assertEquals(404, vanished.statusCode());
            assertTrue(new String(vanished.body()), !new String(vanished.body()).contains(gone.toString()));
        }
    }

    private static HttpResponse<byte[]> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
