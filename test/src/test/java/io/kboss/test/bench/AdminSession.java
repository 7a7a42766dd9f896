package io.kboss.test.bench;

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
 * The admin's login session, used to prepare a run the way an operator would: read the setting
 * definitions and create the API key the load clients sign with. Not used for the measured calls.
 */
final class AdminSession {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http;
    private final URI endpoint;
    private final String sessionKey;
    private final String userId;

    private AdminSession(HttpClient http, URI endpoint, String sessionKey, String userId) {
        this.http = http;
        this.endpoint = endpoint;
        this.sessionKey = sessionKey;
        this.userId = userId;
    }

    static AdminSession logIn(URI endpoint, String username, String password) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(TIMEOUT).build();
        Map<String, String> credentials = new LinkedHashMap<>();
        credentials.put("username", username);
        credentials.put("password", password);
        JsonObject answer = post(http, endpoint, "login", credentials);
        return new AdminSession(http, endpoint, answer.get("sessionkey").getAsString(),
                answer.get("userid").getAsString());
    }

    /** New API and secret keys for the logged-in user ({@code registerUserKeys}). */
    ApiKeys registerOwnKeys() throws IOException, InterruptedException {
        JsonObject keys = call("registerUserKeys", Map.of("id", userId)).getAsJsonObject("userkeys");
        return new ApiKeys(keys.get("apikey").getAsString(), keys.get("secretkey").getAsString());
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
            throw new IOException(command + " answered HTTP " + response.statusCode() + " without a JSON " + envelope
                    + " envelope: " + response.body(), notJson);
        }
        if (response.statusCode() != 200 || body == null || body.has("errortext")) {
            // Only the command and the server's answer: never the password or keys sent.
            throw new IOException(command + " was refused with HTTP " + response.statusCode() + ": " + response.body());
        }
        return body;
    }

    /** An API key pair; {@link #toString()} hides the secret so it cannot reach a log by accident. */
    record ApiKeys(String apiKey, String secretKey) {
        @Override
        public String toString() {
            return "ApiKeys[apiKey " + apiKey.substring(0, 6) + "..., secret hidden]";
        }
    }
}
