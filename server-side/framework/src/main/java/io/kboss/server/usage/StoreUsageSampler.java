package io.kboss.server.usage;

import io.kboss.server.config.FrameworkProperties;
import io.kboss.server.host.MonitorLeadership;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Samples every image store's used and total bytes ({@code image_store.used_bytes}, {@code capacity_bytes})
 * into {@code image_store_usage} every {@code store.usage.sample.interval} seconds, and deletes samples older
 * than {@code store.usage.retention} days. A tick every 10 s compares the clock with the next due time, so a
 * changed interval applies at once. Only the server that monitors the hosts ({@link MonitorLeadership}) samples,
 * so several management servers write one sample per store and interval; a round that fails is logged and the
 * next tick tries again.
 */
@Component
public class StoreUsageSampler implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(StoreUsageSampler.class);

    private final StoreUsageRepository samples;
    private final Settings settings;
    private final MonitorLeadership leadership;
    private final Clock clock;
    private final FrameworkProperties properties;
    private volatile ScheduledExecutorService ticker;
    private volatile boolean running;
    private Instant last = Instant.MIN;

    public StoreUsageSampler(StoreUsageRepository samples, Settings settings, MonitorLeadership leadership, Clock clock,
            FrameworkProperties properties) {
        this.samples = samples;
        this.settings = settings;
        this.leadership = leadership;
        this.clock = clock;
        this.properties = properties;
    }

    /** Not without the server's background loops: tests sample by hand ({@link #sampleNow}). */
    @Override
    public boolean isAutoStartup() {
        return properties.backgroundLoops();
    }

    @Override
    public void start() {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kboss-store-usage");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tick, 10, 10, TimeUnit.SECONDS);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (ticker != null) {
            ticker.shutdownNow();
            try {
                ticker.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void tick() {
        try {
            if (!running || !leadership.lead()) {
                return;
            }
            Instant now = clock.instant();
            int interval = settings.value(StoreUsageSettings.SAMPLE_INTERVAL, ScopeChain.GLOBAL_ONLY);
            if (last.equals(Instant.MIN) || !now.isBefore(last.plusSeconds(interval))) {
                last = now;
                sampleNow();
            }
        } catch (RuntimeException e) {
            LOG.error("Sampling the image stores' usage failed; trying again at the next tick", e);
        }
    }

    /** One round now: a sample of every live store, then the retention. */
    public void sampleNow() {
        Instant now = clock.instant();
        int written = samples.sampleAll(now);
        int days = settings.value(StoreUsageSettings.RETENTION, ScopeChain.GLOBAL_ONLY);
        int deleted = samples.deleteBefore(now.minus(Duration.ofDays(days)));
        LOG.debug("Sampled the usage of {} image stores; {} samples older than {} days deleted", written, deleted,
                days);
    }
}
