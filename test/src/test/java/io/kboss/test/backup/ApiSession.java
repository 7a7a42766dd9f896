package io.kboss.test.backup;

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

/** A logged-in API session (cookie + sessionkey), as CloudStack's UI calls /client/api. */
final class ApiSession {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String api;
    private String cookie;
    private String sessionKey;

    /** One HTTP answer: its status and the object under {@code <command>response}. */
    record Answer(int status, JsonObject response) {
        String errorText() {
            return response.has("errortext") ? response.get("errortext").getAsString() : "";
        }
    }

    private ApiSession(String baseUrl) {
        this.api = baseUrl + "/client/api";
    }

    static ApiSession login(String baseUrl, String username, String password, String domain) throws Exception {
        ApiSession s = new ApiSession(baseUrl);
        HttpResponse<String> r = s.send("login", new String[] {"username", username, "password", password,
            "domain", domain});
        if (r.statusCode() != 200) {
            throw new AssertionError("login of " + username + " failed: " + r.body());
        }
        s.sessionKey = JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("loginresponse")
                .get("sessionkey").getAsString();
        s.cookie = r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        return s;
    }

    Answer call(String command, String... keyValues) throws Exception {
        String[] kv = new String[keyValues.length + 2];
        System.arraycopy(keyValues, 0, kv, 0, keyValues.length);
        kv[keyValues.length] = "sessionkey";
        kv[keyValues.length + 1] = sessionKey;
        HttpResponse<String> r = send(command, kv);
        JsonObject body = JsonParser.parseString(r.body()).getAsJsonObject();
        return new Answer(r.statusCode(), body.getAsJsonObject(command.toLowerCase() + "response"));
    }

    /** Calls and insists on HTTP 200. */
    JsonObject ok(String command, String... keyValues) throws Exception {
        Answer a = call(command, keyValues);
        if (a.status() != 200) {
            throw new AssertionError(command + " answered " + a.status() + ": " + a.response());
        }
        return a.response();
    }

    /** Waits for an async job's end and returns queryAsyncJobResult's answer. */
    JsonObject waitForJob(String jobId, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            JsonObject r = ok("queryAsyncJobResult", "jobid", jobId);
            if (r.get("jobstatus").getAsInt() != 0) {
                return r;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " did not end within " + timeout);
    }

    private HttpResponse<String> send(String command, String[] kv) throws Exception {
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
