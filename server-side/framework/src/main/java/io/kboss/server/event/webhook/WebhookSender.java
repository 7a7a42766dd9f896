package io.kboss.server.event.webhook;

import io.kboss.server.event.AlertType;
import io.kboss.server.alert.Alerts;
import io.kboss.server.backup.Transactions;
import io.kboss.server.config.FrameworkProperties;
import io.kboss.server.host.LeaderTicker;
import io.kboss.server.host.MonitorLeadership;
import io.kboss.server.mshost.ManagementServer;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the due webhook deliveries, on the host monitor's leader only ({@link MonitorLeadership}), so that
 * with several management servers one sends and a delivery is not sent twice at once. A tick every second
 * sends up to {@value #BATCH} due deliveries in parallel, each bounded by {@code webhook.delivery.timeout},
 * POSTing the body stored with the delivery, signed ({@link WebhookSignature}) when the webhook has a
 * secret. Every attempt is recorded with its HTTP status, the start of the answer and its duration. A 2xx
 * answer ends the delivery SUCCEEDED; anything else (another status, no connection, a time-out) schedules
 * the next attempt {@code webhook.delivery.retry.delay} seconds later, doubling each time, until
 * {@code webhook.delivery.tries} attempts were made: the delivery then ends FAILED and an alert is raised.
 *
 * <p>Delivery is at least once: a leader that dies after a receiver answered but before the attempt was
 * recorded leaves the delivery due, and the next leader sends it again (receivers de-duplicate by the
 * {@code X-KBOSS-Delivery} header). Neither the secret nor the URL (which may carry a token) is logged.
 */
@Component
public class WebhookSender implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    static final int BATCH = 20;
    static final int RESPONSE_LIMIT = 1024;
    public static final String DELIVERY_HEADER = "X-KBOSS-Delivery";
    public static final String EVENT_HEADER = "X-KBOSS-Event";
    public static final String ATTEMPT_HEADER = "X-KBOSS-Attempt";

    private final WebhookRepository webhooks;
    private final Settings settings;
    private final Clock clock;
    private final FrameworkProperties properties;
    private final TransactionTemplate tx;
    private final Alerts alerts;
    private final ManagementServer server;
    private final HttpClient http;
    private final LeaderTicker ticker;

    public WebhookSender(WebhookRepository webhooks, Settings settings, MonitorLeadership leadership, Clock clock,
            FrameworkProperties properties, TransactionTemplate tx, Alerts alerts, ManagementServer server) {
        this.webhooks = webhooks;
        this.settings = settings;
        this.ticker = new LeaderTicker("kboss-webhook-sender", Duration.ofSeconds(1), leadership, this::sendDue,
                () -> {
                }, "Sending webhook deliveries failed; trying again at the next tick");
        this.clock = clock;
        this.properties = properties;
        this.tx = tx;
        this.alerts = alerts;
        this.server = server;
        // Redirects are not followed: a delivery goes to the URL an administrator registered, nowhere else.
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(WebhookSettings.TIMEOUT.defaultValue())).build();
    }

    /** Not without the server's background loops: tests send by hand ({@link #sendDue}). */
    @Override
    public boolean isAutoStartup() {
        return properties.backgroundLoops();
    }

    @Override
    public void start() {
        ticker.start();
    }

    @Override
    public void stop() {
        ticker.stop(Duration.ofSeconds(10));
    }

    @Override
    public boolean isRunning() {
        return ticker.isRunning();
    }

    /** What one attempt gave. */
    record Outcome(Instant started, Instant ended, Integer status, boolean success, String response) {
    }

    /** Sends the deliveries due now and records each attempt; returns how many were attempted. */
    public int sendDue() {
        List<WebhookRepository.Due> due = webhooks.due(clock.instant(), BATCH);
        List<CompletableFuture<Outcome>> sent = new ArrayList<>();
        for (WebhookRepository.Due d : due) {
            sent.add(send(d));
        }
        for (int i = 0; i < due.size(); i++) {
            record(due.get(i), sent.get(i).join(), false);
        }
        return due.size();
    }

    /**
     * One attempt of a delivery now, whatever its state (executeWebhookDelivery), recorded like the sender's;
     * a delivery that had ended FAILED stays FAILED unless this attempt succeeds.
     */
    public WebhookRepository.Attempt sendNow(WebhookRepository.Due d) {
        return record(d, send(d).join(), true);
    }

    private CompletableFuture<Outcome> send(WebhookRepository.Due d) {
        int timeout = settings.value(WebhookSettings.TIMEOUT, ScopeChain.GLOBAL_ONLY);
        Instant started = clock.instant();
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(d.url())).timeout(Duration.ofSeconds(timeout))
                    .header("Content-Type", "application/json; charset=UTF-8")
                    .header("User-Agent", "KBOSS-Webhook")
                    .header(DELIVERY_HEADER, d.uuid())
                    .header(EVENT_HEADER, d.eventType())
                    .header(ATTEMPT_HEADER, Integer.toString(d.attempts() + 1))
                    .POST(HttpRequest.BodyPublishers.ofString(d.payload(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Outcome(started, clock.instant(), null, false,
                    "the payload URL is not usable: " + e.getMessage()));
        }
        if (d.secretKey() != null && !d.secretKey().isEmpty()) {
            request.header(WebhookSignature.HEADER, WebhookSignature.of(d.secretKey(), d.payload()));
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                .handle((response, failure) -> {
                    if (failure != null) {
                        return new Outcome(started, clock.instant(), null, false, why(failure, timeout));
                    }
                    String body = start(response.body());
                    int status = response.statusCode();
                    return new Outcome(started, clock.instant(), status, status >= 200 && status < 300, body);
                })
                // The request's timeout ends the wait for the answer's head; a receiver that then stalls its
                // body must not hold the sender either.
                .orTimeout(2L * timeout + 1, TimeUnit.SECONDS)
                .exceptionally(stalled -> new Outcome(started, clock.instant(), null, false,
                        "timed out reading the answer (webhook.delivery.timeout " + timeout + " s)"));
    }

    private static String start(InputStream body) {
        try (InputStream in = body) {
            return new String(in.readNBytes(RESPONSE_LIMIT), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(the answer's body could not be read: " + e.getMessage() + ")";
        }
    }

    private static String why(Throwable failure, int timeout) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        if (t instanceof HttpTimeoutException) {
            return "timed out: no answer within webhook.delivery.timeout (" + timeout + " s)";
        }
        if (t instanceof ConnectException) {
            return "could not connect: " + (t.getMessage() == null ? "connection refused" : t.getMessage());
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private WebhookRepository.Attempt record(WebhookRepository.Due d, Outcome o, boolean manual) {
        WebhookRepository.Attempt a = new WebhookRepository.Attempt(d.attempts() + 1, server.id(), o.started(),
                o.ended(), o.status(), o.success(), o.response() == null
                        ? null
                        : o.response().length() > RESPONSE_LIMIT
                                ? o.response().substring(0, RESPONSE_LIMIT)
                                : o.response());
        int tries = settings.value(WebhookSettings.TRIES, ScopeChain.GLOBAL_ONLY);
        int delay = settings.value(WebhookSettings.RETRY_DELAY, ScopeChain.GLOBAL_ONLY);
        Transactions.retried(tx, () -> {
            Instant now = clock.instant();
            String state;
            Instant next = now;
            if (o.success()) {
                state = "SUCCEEDED";
            } else if (manual && !"PENDING".equals(d.state())) {
                state = d.state(); // a manual attempt of an ended delivery changes it only by succeeding
            } else if (a.attempt() >= tries) {
                state = "FAILED";
            } else {
                state = "PENDING";
                // delay, 2 delay, 4 delay, ... after the first, second, third failed attempt
                next = now.plusSeconds((long) delay << Math.min(a.attempt() - 1, 20));
            }
            if (!webhooks.afterAttempt(d.id(), d.attempts(), state, next, "PENDING".equals(state) ? null : now)) {
                LOG.info("Webhook delivery {} attempt {} was recorded by another server first; this one is not",
                        d.uuid(), a.attempt());
                return null;
            }
            webhooks.insertAttempt(UUID.randomUUID().toString(), d.id(), a);
            if ("FAILED".equals(state) && !manual) {
                alerts.raise(AlertType.WEBHOOK_DELIVERY_FAILED, "Gave up " + webhooks.describe(d.id()) + " after "
                        + a.attempt() + " attempts (webhook.delivery.tries); the last one "
                        + (a.statusCode() == null
                                ? "got no answer: " + a.response()
                                : "was answered HTTP " + a.statusCode()),
                        null);
            } else if (!o.success()) {
                LOG.info("Webhook delivery {} attempt {} failed ({}); {}", d.uuid(), a.attempt(),
                        a.statusCode() == null ? a.response() : "HTTP " + a.statusCode(),
                        "PENDING".equals(state) ? "next attempt at " + next : "it is " + state);
            }
            return null;
        });
        return a;
    }
}
