package io.kboss.client.transport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * Sends one API command as a form POST to {@code .../client/api} with {@code response=json} (the
 * server answers XML without it) and hands back the HTTP status and body; what the body means is
 * the caller's business. Every request is bounded by the request timeout; connecting by the
 * connect timeout.
 */
public final class HttpTransport {
    private final URI endpoint;
    private final HttpClient http;
    private final Duration requestTimeout;

    /** An answer as it came: status, body, and the session cookie when one was set. */
    public record HttpAnswer(int status, String body, String setCookie) {
    }

    /**
     * @param endpoint the API's address, {@code http(s)://host:port/client/api}
     * @param validateTls false trusts any certificate and host name: for a test set-up with a
     *     self-signed certificate only, since anyone on the path can then read the traffic
     */
    public HttpTransport(URI endpoint, boolean validateTls, Duration connectTimeout, Duration requestTimeout) {
        this.endpoint = endpoint;
        this.requestTimeout = requestTimeout;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(connectTimeout);
        if (!validateTls) {
            b.sslContext(trustingEveryone());
        }
        this.http = b.build();
    }

    public URI endpoint() {
        return endpoint;
    }

    /**
     * Sends {@code command} with {@code params} (which are not changed) as {@code authentication}
     * says, or without any when it is null (login).
     */
    public HttpAnswer send(String command, Map<String, String> params, Authentication authentication)
            throws IOException, InterruptedException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("command", command);
        all.putAll(params);
        all.put("response", "json");
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(requestTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (authentication != null) {
            authentication.authenticate(all, request);
        }
        StringJoiner form = new StringJoiner("&");
        all.forEach((name, value) -> form.add(SignedRequests.encode(name) + "=" + SignedRequests.encode(value)));
        HttpResponse<String> r = http.send(request.POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        return new HttpAnswer(r.statusCode(), r.body(), r.headers().firstValue("Set-Cookie").orElse(null));
    }

    private static SSLContext trustingEveryone() {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[]{new TrustingEveryone()}, null);
            return tls;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no TLS context", e);
        }
    }
}
