package io.kboss.test.host;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.StringJoiner;

/** A logged-in session on /client/api, calling commands by POST as CloudStack's UI does. */
final class HostApi {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String api;
    private String cookie;
    private String sessionKey;

    private HostApi(String baseUrl) {
        this.api = baseUrl + "/client/api";
    }

    record Answer(int status, JsonObject response) {
        String errorText() {
            return response.has("errortext") ? response.get("errortext").getAsString() : "";
        }

        JsonArray items(String name) {
            return response.has(name) ? response.getAsJsonArray(name) : new JsonArray();
        }
    }

    static HostApi login(String baseUrl, String username, String password, String domain) throws Exception {
        HostApi c = new HostApi(baseUrl);
        HttpResponse<String> r = c.send("login", "username", username, "password", password, "domain", domain);
        if (r.statusCode() != 200) {
            throw new AssertionError("login of " + username + " failed: " + r.body());
        }
        c.sessionKey = JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("loginresponse")
                .get("sessionkey").getAsString();
        c.cookie = r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        return c;
    }

    Answer call(String command, String... kv) throws Exception {
        String[] all = new String[kv.length + 2];
        System.arraycopy(kv, 0, all, 0, kv.length);
        all[kv.length] = "sessionkey";
        all[kv.length + 1] = sessionKey;
        HttpResponse<String> r = send(command, all);
        JsonObject body = JsonParser.parseString(r.body()).getAsJsonObject();
        return new Answer(r.statusCode(), body.getAsJsonObject(command.toLowerCase() + "response"));
    }

    /** A call that must succeed. */
    Answer ok(String command, String... kv) throws Exception {
        Answer a = call(command, kv);
        if (a.status() != 200) {
            throw new AssertionError(command + " answered " + a.status() + ": " + a.response());
        }
        return a;
    }

    private HttpResponse<String> send(String command, String... kv) throws Exception {
        StringJoiner q = new StringJoiner("&").add("command=" + command).add("response=json");
        for (int i = 0; i < kv.length; i += 2) {
            q.add(kv[i] + "=" + URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8).replace("+", "%20"));
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(q.toString()));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
