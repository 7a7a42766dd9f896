package io.kboss.demo;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
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
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.IntConsumer;

/**
 * A logged-in session on the CloudStack-style API (JSESSIONID cookie + sessionkey), as the web UI
 * uses it. Every call is a form POST; an answer other than 200 becomes an {@link ApiError} carrying
 * the server's own error text.
 */
public final class ApiClient {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(250);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI api;
    private String cookie;
    private String sessionKey;

    /** An API call the server refused or failed. */
    public static final class ApiError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        ApiError(String command, int status, String text) {
            super(command + " answered " + status + ": " + text);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private ApiClient(URI api) {
        this.api = api;
    }

    /** @param baseUrl e.g. http://127.0.0.1:8080 */
    public static ApiClient login(String baseUrl, String username, String password) throws IOException,
            InterruptedException {
        ApiClient c = new ApiClient(URI.create(baseUrl + "/client/api"));
        HttpResponse<String> r = c.send("login", new String[]{"username", username, "password", password,
                "domain", "/"});
        if (r.statusCode() != 200) {
            throw new ApiError("login of " + username, r.statusCode(), errorText(r.body(), "loginresponse"));
        }
        c.sessionKey = JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("loginresponse")
                .get("sessionkey").getAsString();
        c.cookie = r.headers().firstValue("Set-Cookie").orElseThrow(() -> new IOException(
                "login answered without a session cookie")).split(";")[0];
        return c;
    }

    /** Calls a command; returns the object under {@code <command>response}. */
    public JsonObject call(String command, String... keyValues) throws IOException, InterruptedException {
        String[] kv = new String[keyValues.length + 2];
        System.arraycopy(keyValues, 0, kv, 0, keyValues.length);
        kv[keyValues.length] = "sessionkey";
        kv[keyValues.length + 1] = sessionKey;
        HttpResponse<String> r = send(command, kv);
        String key = command.toLowerCase() + "response";
        if (r.statusCode() != 200) {
            throw new ApiError(command, r.statusCode(), errorText(r.body(), key));
        }
        return JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject(key);
    }

    /** The first element of a list answer whose field has the given value, if any. */
    public Optional<JsonObject> findIn(JsonObject listAnswer, String listName, String field, String value) {
        JsonArray items = listAnswer.has(listName) ? listAnswer.getAsJsonArray(listName) : new JsonArray();
        for (JsonElement e : items) {
            JsonObject o = e.getAsJsonObject();
            if (o.has(field) && value.equals(o.get(field).getAsString())) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    /**
     * Waits for an async job's end; returns its {@code jobresult}. A failed job becomes an
     * {@link ApiError} with the job's error text.
     *
     * @param progress told each new {@code jobprocstatus} (percent), for long work
     */
    public JsonObject waitForJob(String jobId, Duration timeout, IntConsumer progress) throws IOException,
            InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        int shown = -1;
        while (System.nanoTime() < end) {
            JsonObject r = call("queryAsyncJobResult", "jobid", jobId);
            int status = r.get("jobstatus").getAsInt();
            if (status == 1) {
                return r.has("jobresult") ? r.getAsJsonObject("jobresult") : new JsonObject();
            }
            if (status == 2) {
                JsonObject result = r.getAsJsonObject("jobresult");
                throw new ApiError(r.get("cmd").getAsString(), result.get("errorcode").getAsInt(),
                        result.get("errortext").getAsString());
            }
            int percent = r.has("jobprocstatus") ? r.get("jobprocstatus").getAsInt() : 0;
            if (percent != shown) {
                shown = percent;
                progress.accept(percent);
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new IOException("job " + jobId + " did not end within " + timeout.toSeconds() + " s; "
                + "queryAsyncJobResult jobid=" + jobId + " shows where it is");
    }

    private HttpResponse<String> send(String command, String[] kv) throws IOException, InterruptedException {
        StringJoiner q = new StringJoiner("&").add("command=" + command).add("response=json");
        for (int i = 0; i < kv.length; i += 2) {
            q.add(kv[i] + "=" + URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8).replace("+", "%20"));
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(api).timeout(CALL_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(q.toString()));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String errorText(String body, String key) {
        try {
            JsonObject o = JsonParser.parseString(body).getAsJsonObject().getAsJsonObject(key);
            return o.get("errortext").getAsString();
        } catch (RuntimeException notJson) {
            return body.length() > 300 ? body.substring(0, 300) + "..." : body;
        }
    }
}
