package io.kboss.server.app;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kboss.server.auth.domain.RequestSignature;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** A small CloudStack API client over real HTTP, for tests: plain, signed (v2/v3) and session calls. */
final class ApiClient {
    static final DateTimeFormatter EXPIRES = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ")
            .withZone(ZoneOffset.UTC);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String api;
    private String cookie;
    private String sessionKey;
    private String apiKey;
    private String secretKey;

    ApiClient(String baseUrl) {
        this.api = baseUrl + "/client/api";
    }

    record Answer(int status, JsonObject body, HttpResponse<String> raw) {
        JsonObject response(String command) {
            return body.getAsJsonObject(command.toLowerCase() + "response");
        }

        String errorText(String command) {
            return response(command).get("errortext").getAsString();
        }
    }

    ApiClient login(String username, String password) throws Exception {
        return login(username, password, "/");
    }

    /** Logs in a user of the domain with this path. */
    ApiClient login(String username, String password, String domain) throws Exception {
        Answer a = post(params("login", "username", username, "password", password, "domain", domain), null);
        if (a.status() != 200) {
            throw new AssertionError("login failed: " + a.body());
        }
        return session(a);
    }

    /** Takes the session of a successful login answer. */
    ApiClient session(Answer login) {
        sessionKey = login.response("login").get("sessionkey").getAsString();
        cookie = login.raw().headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        return this;
    }

    ApiClient keys(String key, String secret) {
        this.apiKey = key;
        this.secretKey = secret;
        return this;
    }

    String sessionKey() {
        return sessionKey;
    }

    String cookie() {
        return cookie;
    }

    /** A call with whatever credentials this client has: session if logged in, else signed v3. */
    Answer call(String command, String... kv) throws Exception {
        return call(true, command, kv);
    }

    private Answer call(boolean withCredentials, String command, String... kv) throws Exception {
        Map<String, String> p = params(command, kv);
        if (withCredentials && cookie != null) {
            p.put("sessionkey", sessionKey);
            return get(p, cookie);
        }
        if (withCredentials && apiKey != null) {
            return signedV3(p, Instant.now().plusSeconds(300));
        }
        return get(p, null);
    }

    /** A list answer's count: CloudStack leaves it out of an empty list ({@code {}}). */
    static int count(JsonObject listAnswer) {
        return listAnswer.has("count") ? listAnswer.get("count").getAsInt() : 0;
    }

    /** The answer as it came, for XML and other bodies that are not JSON. */
    HttpResponse<String> rawGet(Map<String, String> p, String cookieHeader) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + "?" + encode(p)))
                .timeout(Duration.ofSeconds(30));
        if (cookieHeader != null) {
            b.header("Cookie", cookieHeader);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, String> params(String command, String... kv) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("command", command);
        p.put("response", "json");
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return p;
    }

    Answer signedV2(Map<String, String> p) throws Exception {
        p.put("apiKey", apiKey);
        p.put("signature", RequestSignature.sign(p, secretKey));
        return get(p, null);
    }

    Answer signedV3(Map<String, String> p, Instant expires) throws Exception {
        p.put("apiKey", apiKey);
        p.put("signatureVersion", "3");
        p.put("expires", EXPIRES.format(expires));
        p.put("signature", RequestSignature.sign(p, secretKey));
        return get(p, null);
    }

    Answer get(Map<String, String> p, String cookieHeader) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + "?" + encode(p)))
                .timeout(Duration.ofSeconds(30));
        if (cookieHeader != null) {
            b.header("Cookie", cookieHeader);
        }
        return send(b.GET().build());
    }

    Answer post(Map<String, String> p, String cookieHeader) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (cookieHeader != null) {
            b.header("Cookie", cookieHeader);
        }
        return send(b.POST(HttpRequest.BodyPublishers.ofString(encode(p))).build());
    }

    private Answer send(HttpRequest r) throws IOException, InterruptedException {
        HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
        JsonObject body = resp.body().isEmpty()
                ? new JsonObject()
                : JsonParser.parseString(resp.body()).getAsJsonObject();
        return new Answer(resp.statusCode(), body, resp);
    }

    HttpResponse<String> raw(String path) throws Exception {
        String base = api.substring(0, api.length() - "/client/api".length());
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String encode(Map<String, String> p) {
        StringJoiner j = new StringJoiner("&");
        p.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20")));
        return j.toString();
    }
}
