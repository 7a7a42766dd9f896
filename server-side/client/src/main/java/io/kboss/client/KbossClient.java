package io.kboss.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.kboss.client.transport.ApiJson;
import io.kboss.client.transport.Authentication;
import io.kboss.client.transport.HttpTransport;
import io.kboss.client.transport.HttpTransport.HttpAnswer;
import io.kboss.client.transport.LoginSession;
import io.kboss.client.transport.SignedRequests;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A client of kboss-server's CloudStack-style API. Every call is a form POST to
 * {@code /client/api} with {@code response=json}, made either with an API key that signs each
 * request (signatureVersion 3 with expires) or with a logged-in session. Answers come back typed
 * through the resource groups ({@link #backups()}, {@link #offerings()}, ...); {@link #call} is the
 * way to any other command.
 *
 * <p>Failures: a command the server refuses, or an async job that fails, throws
 * {@link KbossApiException} with the server's errorcode and errortext; an unreachable server, an
 * unreadable answer, an interrupted wait ({@code Thread.interrupted()} is set again) or a job that
 * does not end in time throws {@link KbossClientException}. A client is safe for concurrent use.
 *
 * <pre>{@code
 * KbossClient kboss = KbossClient.builder("https://kboss.example.com:8080").apiKey(key, secret).build();
 * Backup b = kboss.backups().create(vmId, BackupOptions.quiesced()).await(Duration.ofHours(1));
 * }</pre>
 */
public final class KbossClient {
    /** Reads are sent once more when the connection was lost: the server closes idle connections. */
    private static final int READ_ATTEMPTS = 2;

    private final HttpTransport transport;
    private final Authentication authentication;
    private final Duration maxPollInterval;
    private final Duration unreachablePatience;

    private KbossClient(HttpTransport transport, Authentication authentication, Builder b) {
        this.transport = transport;
        this.authentication = authentication;
        this.maxPollInterval = b.maxPollInterval;
        this.unreachablePatience = b.unreachablePatience;
    }

    /**
     * @param url the server, {@code http(s)://host:port}, or its API endpoint {@code .../client/api}
     */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    /** How to reach kboss-server and who calls. */
    public static final class Builder {
        private final URI endpoint;
        private boolean validateTls = true;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Duration maxPollInterval = Duration.ofSeconds(5);
        private Duration unreachablePatience = Duration.ofMinutes(5);
        private Duration signatureLifetime = Duration.ofMinutes(5);
        private Clock clock = Clock.systemUTC();
        private String apiKey;
        private String secretKey;
        private String username;
        private String password;
        private String domain = "/";

        private Builder(String url) {
            this.endpoint = endpoint(url);
        }

        /** Signs every request with the user's API key and secret key. */
        public Builder apiKey(String apiKey, String secretKey) {
            this.apiKey = apiKey;
            this.secretKey = secretKey;
            return this;
        }

        /** Logs in with a password when built; the session then carries every call. */
        public Builder login(String username, String password, String domain) {
            this.username = username;
            this.password = password;
            this.domain = domain;
            return this;
        }

        /** False trusts any certificate and host name (a test set-up with a self-signed certificate only). */
        public Builder validateTls(boolean validate) {
            this.validateTls = validate;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** The bound on one HTTP call; waits for jobs are given per wait. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /** Job polls start at 250 ms and back off to this. */
        public Builder maxPollInterval(Duration interval) {
            this.maxPollInterval = positive(interval, "maxPollInterval");
            return this;
        }

        /**
         * How long a wait for a job rides out a server that does not answer (a restart, an
         * upgrade) before it gives up.
         */
        public Builder unreachablePatience(Duration patience) {
            this.unreachablePatience = positive(patience, "unreachablePatience");
            return this;
        }

        /** The clock that dates signatures' expires, and how far ahead they expire. */
        public Builder signatureClock(Clock clock, Duration lifetime) {
            this.clock = Objects.requireNonNull(clock, "clock");
            this.signatureLifetime = positive(lifetime, "lifetime");
            return this;
        }

        /**
         * The client; with {@link #login} this logs in now.
         *
         * @throws KbossApiException the login was refused
         */
        public KbossClient build() {
            HttpTransport transport = new HttpTransport(endpoint, validateTls, connectTimeout, requestTimeout);
            if (apiKey != null) {
                return new KbossClient(transport, new SignedRequests(apiKey, secretKey, clock, signatureLifetime),
                        this);
            }
            if (username != null) {
                KbossClient anonymous = new KbossClient(transport, null, this);
                return new KbossClient(transport, anonymous.login(username, password, domain), this);
            }
            throw new IllegalStateException("Say who calls: apiKey(key, secret) or login(user, password, domain)");
        }

        private static URI endpoint(String url) {
            String u = Objects.requireNonNull(url, "url").strip();
            while (u.endsWith("/")) {
                u = u.substring(0, u.length() - 1);
            }
            URI uri = URI.create(u.endsWith("/client/api") ? u : u + "/client/api");
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("'" + url + "' is not an http(s) URL of kboss-server, such as "
                        + "https://kboss.example.com:8080");
            }
            return uri;
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, not " + d);
            }
            return d;
        }
    }

    /** The API endpoint this client calls. */
    public URI endpoint() {
        return transport.endpoint();
    }

    public Zones zones() {
        return new Zones(this);
    }

    public ImageStores imageStores() {
        return new ImageStores(this);
    }

    public Hosts hosts() {
        return new Hosts(this);
    }

    public VirtualMachines virtualMachines() {
        return new VirtualMachines(this);
    }

    public BackupOfferings offerings() {
        return new BackupOfferings(this);
    }

    public Backups backups() {
        return new Backups(this);
    }

    public BackupSchedules schedules() {
        return new BackupSchedules(this);
    }

    public ServiceJobs serviceJobs() {
        return new ServiceJobs(this);
    }

    public AsyncJobs jobs() {
        return new AsyncJobs(this, maxPollInterval, unreachablePatience);
    }

    public Users users() {
        return new Users(this);
    }

    /**
     * Calls any command and answers the object under {@code <command>response}.
     *
     * @throws KbossApiException the server refused the command
     * @throws KbossClientException the server could not be reached or its answer read
     */
    public JsonObject call(String command, ApiParams params) {
        return answer(command, params.asMap(), authentication);
    }

    /** Whether the server knows {@code command} and lets the caller use it (listApis). */
    public boolean supports(String command) {
        return page("listApis", ApiParams.of("name", command), "api", JsonObject.class).count() > 0;
    }

    /** The id of the user a login session belongs to; empty for a client signing with an API key. */
    public Optional<String> sessionUserId() {
        return authentication instanceof LoginSession s ? Optional.of(s.userId()) : Optional.empty();
    }

    /** An async command started: its job, and the resource it works on when the server said. */
    <T> PendingJob<T> start(String command, ApiParams params, Function<JsonObject, T> result) {
        JsonObject started = call(command, params);
        if (!started.has("jobid")) {
            throw new KbossClientException(command + " answered without a jobid, so it is not async here: "
                    + started, null);
        }
        return new PendingJob<>(jobs(), command, started.get("jobid").getAsString(),
                started.has("id") ? started.get("id").getAsString() : null, result);
    }

    /** One page of a list command's items, each read as a {@code type}. */
    <T> ListPage<T> page(String command, ApiParams params, String itemName, Class<T> type) {
        JsonObject answer = call(command, params);
        JsonElement items = answer.get(itemName);
        List<T> out = new ArrayList<>();
        if (items != null && items.isJsonArray()) {
            for (JsonElement e : items.getAsJsonArray()) {
                out.add(read(command, e, type));
            }
        }
        int count = answer.has("count") ? answer.get("count").getAsInt() : out.size();
        return new ListPage<>(count, out);
    }

    /** Every item of a list command, page after page of {@code pageSize}. */
    <T> List<T> all(String command, ApiParams params, String itemName, Class<T> type, int pageSize) {
        List<T> out = new ArrayList<>();
        for (int page = 1;; page++) {
            ApiParams p = ApiParams.of("page", page, "pagesize", pageSize);
            params.asMap().forEach(p::with);
            ListPage<T> one = page(command, p, itemName, type);
            out.addAll(one.items());
            if (one.items().size() < pageSize || out.size() >= one.count()) {
                return out;
            }
        }
    }

    /** The single object {@code objectName} of a command's answer. */
    <T> T object(String command, ApiParams params, String objectName, Class<T> type) {
        JsonObject answer = call(command, params);
        JsonElement o = answer.get(objectName);
        if (o == null) {
            throw new KbossClientException(command + " answered without its " + objectName + ": " + answer, null);
        }
        return read(command, o, type);
    }

    static <T> T read(String command, JsonElement e, Class<T> type) {
        try {
            return ApiJson.read(e, type);
        } catch (JsonParseException | IllegalStateException | NumberFormatException bad) {
            throw new KbossClientException("the answer to " + command + " could not be read as " + type.getSimpleName()
                    + ": " + e, bad);
        }
    }

    private LoginSession login(String username, String password, String domain) {
        HttpAnswer r = exchange("login", ApiParams.of("username", username, "password", password, "domain", domain)
                .asMap(), null);
        JsonObject answer = envelope("login", r);
        if (r.setCookie() == null || !answer.has("sessionkey")) {
            throw new KbossClientException("login of " + username + " at " + endpoint() + " answered without a "
                    + "session cookie and sessionkey: is this a kboss-server or CloudStack API endpoint?", null);
        }
        return new LoginSession(username, answer.has("userid") ? answer.get("userid").getAsString() : null,
                r.setCookie().split(";", 2)[0], answer.get("sessionkey").getAsString());
    }

    private JsonObject answer(String command, Map<String, String> params, Authentication who) {
        return envelope(command, exchange(command, params, who));
    }

    private HttpAnswer exchange(String command, Map<String, String> params, Authentication who) {
        int attempts = isRead(command) ? READ_ATTEMPTS : 1;
        for (int attempt = 1;; attempt++) {
            try {
                return transport.send(command, params, who);
            } catch (IOException e) {
                if (attempt < attempts) {
                    continue;
                }
                throw new KbossClientException("kboss-server at " + endpoint() + " could not be reached for " + command
                        + " (" + e + "); check that it runs and that the URL is right", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KbossClientException("interrupted while calling " + command + " at " + endpoint(), e);
            }
        }
    }

    private static boolean isRead(String command) {
        return command.startsWith("list") || command.equals("queryAsyncJobResult");
    }

    /**
     * The object under {@code <command>response}. Any status but 200 is a refusal whose body names
     * the errorcode and errortext; a list answer with nothing in it may be an empty object.
     */
    private JsonObject envelope(String command, HttpAnswer r) {
        String key = command.toLowerCase(Locale.ROOT) + "response";
        JsonObject body;
        try {
            JsonElement parsed = JsonParser.parseString(r.body());
            body = parsed.isJsonObject() ? ApiJson.object(parsed.getAsJsonObject(), key) : null;
        } catch (JsonParseException notJson) {
            body = null;
        }
        if (r.status() != 200) {
            if (body != null && body.has("errortext")) {
                throw KbossApiException.of(command, body, r.status(), null);
            }
            throw new KbossApiException(command, r.status(), 0, "HTTP " + r.status() + " from " + endpoint() + ": "
                    + excerpt(r.body()), null);
        }
        if (body == null) {
            throw new KbossClientException(command + " at " + endpoint() + " answered 200 without " + key + ": "
                    + excerpt(r.body()) + "; is this a kboss-server or CloudStack API endpoint?", null);
        }
        return body;
    }

    private static String excerpt(String body) {
        String b = body == null ? "" : body.strip();
        return b.length() > 300 ? b.substring(0, 300) + "..." : b;
    }

}
