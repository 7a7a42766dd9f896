package io.kboss.test.offering;

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

/** Logs in to /client/api with a session, as a browser or CloudStack's UI does, and calls commands. */
final class OfferingApiClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String api;
    private String cookie;
    private String sessionKey;

    private OfferingApiClient(String baseUrl) {
        this.api = baseUrl + "/client/api";
    }

    /** One HTTP answer: its status and the object under {@code <command>response}. */
    record Answer(int status, JsonObject response) {
        String errorText() {
            return response.has("errortext") ? response.get("errortext").getAsString() : "";
        }
    }

    static OfferingApiClient login(String baseUrl, String username, String password, String domain) throws Exception {
        OfferingApiClient c = new OfferingApiClient(baseUrl);
        HttpResponse<String> r = c.send("login", new String[] {"username", username, "password", password, "domain", domain});
        if (r.statusCode() != 200) {
            throw new AssertionError("login of " + username + " failed: " + r.body());
        }
        c.sessionKey = JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("loginresponse")
                .get("sessionkey").getAsString();
        c.cookie = r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        return c;
    }

    Answer call(String command, String... keyValues) throws Exception {
        String[] kv = new String[keyValues.length + 2];
        System.arraycopy(keyValues, 0, kv, 0, keyValues.length);
        kv[keyValues.length] = "sessionkey";
        kv[keyValues.length + 1] = sessionKey;
        HttpResponse<String> r = send(command, kv);
        JsonObject body;
        try {
            body = JsonParser.parseString(r.body()).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new AssertionError(command + " answered HTTP " + r.statusCode() + " with a body that is not a JSON object: "
                    + r.body(), e);
        }
        return new Answer(r.statusCode(), body.getAsJsonObject(command.toLowerCase() + "response"));
    }

    private HttpResponse<String> send(String command, String[] kv) throws Exception {
        StringJoiner q = new StringJoiner("&").add("command=" + command).add("response=json");
        for (int i = 0; i < kv.length; i += 2) {
            q.add(kv[i] + "=" + URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8).replace("+", "%20"));
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(q.toString()));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
