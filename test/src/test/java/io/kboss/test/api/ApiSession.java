package io.kboss.test.api;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.StringJoiner;

/**
 * A logged-in session on /client/api (the JSESSIONID cookie and the sessionkey sent with every call),
 * calling commands by POST as CloudStack's UI does. The tests' one session client: answers come with
 * their HTTP status so a test can check refusals as well as results.
 */
public final class ApiSession {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI api;
    private String cookie;
    private String sessionKey;
    private String userId;

    /** One HTTP answer: its status and the object under {@code <command>response}. */
    public record Answer(int status, JsonObject response) {
        public String errorText() {
            return response.has("errortext") ? response.get("errortext").getAsString() : "";
        }

        /** The list answer's items named {@code name}; none when the list is empty (CloudStack then omits it). */
        public JsonArray items(String name) {
            return response.has(name) ? response.getAsJsonArray(name) : new JsonArray();
        }
    }

    private ApiSession(URI api) {
        this.api = api;
    }

    /** Logs in to the server at {@code baseUrl} (no /client/api); a refused login fails the test. */
    public static ApiSession login(String baseUrl, String username, String password, String domain) throws Exception {
        return loginAt(URI.create(baseUrl + "/client/api"), username, password, domain);
    }

    /** Logs in at the API endpoint itself ({@code .../client/api}). */
    public static ApiSession loginAt(URI api, String username, String password, String domain) throws Exception {
        ApiSession s = new ApiSession(api);
        HttpResponse<String> r = s.send("login", new String[]{"username", username, "password", password,
                "domain", domain});
        if (r.statusCode() != 200) {
            // Only the user and the server's answer: never the password sent.
            throw new AssertionError("login of " + username + " failed: " + r.body());
        }
        JsonObject answer = JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("loginresponse");
        s.sessionKey = answer.get("sessionkey").getAsString();
        s.userId = answer.get("userid").getAsString();
        s.cookie = r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        return s;
    }

    /** A list answer's count: CloudStack leaves it out of an empty list ({@code {}}). */
    public static int count(JsonObject listAnswer) {
        return listAnswer.has("count") ? listAnswer.get("count").getAsInt() : 0;
    }

    /** The logged-in user's id, as login answered it. */
    public String userId() {
        return userId;
    }

    /** Calls a command and answers whatever the server answered. */
    public Answer call(String command, String... keyValues) throws Exception {
        String[] kv = new String[keyValues.length + 2];
        System.arraycopy(keyValues, 0, kv, 0, keyValues.length);
        kv[keyValues.length] = "sessionkey";
        kv[keyValues.length + 1] = sessionKey;
        HttpResponse<String> r = send(command, kv);
        JsonObject body;
        try {
            body = JsonParser.parseString(r.body()).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new AssertionError(command + " answered HTTP " + r.statusCode()
                    + " with a body that is not a JSON object: " + r.body(), e);
        }
        return new Answer(r.statusCode(), body.getAsJsonObject(command.toLowerCase() + "response"));
    }

    /** Calls and insists on HTTP 200; answers with the status. */
    public Answer succeeds(String command, String... keyValues) throws Exception {
        Answer a = call(command, keyValues);
        if (a.status() != 200) {
            throw new AssertionError(command + " answered " + a.status() + ": " + a.response());
        }
        return a;
    }

    /** Calls and insists on HTTP 200; answers the object under {@code <command>response}. */
    public JsonObject ok(String command, String... keyValues) throws Exception {
        return succeeds(command, keyValues).response();
    }

    /**
     * Calls an async command, insists on HTTP 200, waits (at most two minutes) for its job and insists
     * that it succeeded; answers the job's {@code jobresult}.
     */
    public JsonObject okJob(String command, String... keyValues) throws Exception {
        JsonObject started = ok(command, keyValues);
        if (!started.has("jobid")) {
            throw new AssertionError(command + " answered no jobid: " + started);
        }
        JsonObject job = waitForJob(started.get("jobid").getAsString(), Duration.ofMinutes(2));
        if (job.get("jobstatus").getAsInt() != 1) {
            throw new AssertionError(command + "'s job failed: " + job);
        }
        return job.getAsJsonObject("jobresult");
    }

    /** Waits for an async job's end and returns queryAsyncJobResult's answer. */
    public JsonObject waitForJob(String jobId, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        IOException lastLost = null;
        while (System.nanoTime() < end) {
            JsonObject r;
            try {
                r = ok("queryAsyncJobResult", "jobid", jobId);
            } catch (IOException lost) {
                // The server (Jetty) closes a connection idle for 30 s; the client may take exactly that
                // connection from its pool and get no answer. A poll only reads, so it is asked again.
                lastLost = lost;
                Thread.sleep(100);
                continue;
            }
            if (r.get("jobstatus").getAsInt() != 0) {
                return r;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " did not end within " + timeout, lastLost);
    }

    private HttpResponse<String> send(String command, String[] kv) throws Exception {
        StringJoiner q = new StringJoiner("&").add("command=" + command).add("response=json");
        for (int i = 0; i < kv.length; i += 2) {
            q.add(kv[i] + "=" + URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8).replace("+", "%20"));
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(api).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(q.toString()));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
