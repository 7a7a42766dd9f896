package io.kboss.test.ui;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A logged-in session on the CloudStack-compatible API, the way the web UI holds one: the
 * JSESSIONID cookie in a cookie jar and the sessionkey sent with every call. The browser test
 * uses it to prepare what the page needs (a zone) through the same API the page calls.
 */
final class ApiSession {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final URI endpoint;
    private final String sessionKey;

    private ApiSession(HttpClient http, URI endpoint, String sessionKey) {
        this.http = http;
        this.endpoint = endpoint;
        this.sessionKey = sessionKey;
    }

    static ApiSession logIn(URI endpoint, String username, String password) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(TIMEOUT).build();
        Map<String, String> credentials = new LinkedHashMap<>();
        credentials.put("username", username);
        credentials.put("password", password);
        JsonObject answer = post(http, endpoint, "login", credentials);
        return new ApiSession(http, endpoint, answer.get("sessionkey").getAsString());
    }

    /** Calls a command and answers the object inside its {@code <command>response} envelope. */
    JsonObject call(String command, Map<String, String> params) throws IOException, InterruptedException {
        Map<String, String> all = new LinkedHashMap<>(params);
        all.put("sessionkey", sessionKey);
        return post(http, endpoint, command, all);
    }

    private static JsonObject post(HttpClient http, URI endpoint, String command, Map<String, String> params)
            throws IOException, InterruptedException {
        Map<String, String> all = new LinkedHashMap<>(params);
        all.put("command", command);
        all.put("response", "json");
        String form = all.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        String envelope = command.toLowerCase(Locale.ROOT) + "response";
        JsonObject body;
        try {
            body = JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonObject(envelope);
        } catch (RuntimeException notJson) {
            throw new IOException(command + " answered HTTP " + response.statusCode()
                    + " without a JSON " + envelope + " envelope: " + response.body(), notJson);
        }
        if (response.statusCode() != 200 || body == null || body.has("errortext")) {
            // The password is never part of this message: only the command and the server's answer.
            throw new IOException(command + " was refused with HTTP " + response.statusCode() + ": " + response.body());
        }
        return body;
    }
}
