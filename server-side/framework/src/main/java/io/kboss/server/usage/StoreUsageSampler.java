package io.kboss.server.usage;

import io.kboss.server.config.FrameworkProperties;
import io.kboss.server.host.LeaderTicker;
import io.kboss.server.host.MonitorLeadership;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * next tick tries again ({@link LeaderTicker}, which HostMonitor ticks through too).
 */
@Component
public class StoreUsageSampler implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(StoreUsageSampler.class);

    private final StoreUsageRepository samples;
    private final Settings settings;
    private final Clock clock;
    private final FrameworkProperties properties;
    private final LeaderTicker ticker;
    private Instant last = Instant.MIN;

    public StoreUsageSampler(StoreUsageRepository samples, Settings settings, MonitorLeadership leadership, Clock clock,
            FrameworkProperties properties) {
        this.samples = samples;
        this.settings = settings;
        this.clock = clock;
        this.properties = properties;
        this.ticker = new LeaderTicker("kboss-store-usage", Duration.ofSeconds(10), leadership, this::tick, () -> {
        }, "Sampling the image stores' usage failed; trying again at the next tick");
    }

    /** Not without the server's background loops: tests sample by hand ({@link #sampleNow}). */
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

    /** A tick of the leading server: a round when the interval has passed. */
    private void tick() {
        Instant now = clock.instant();
        int interval = settings.value(StoreUsageSettings.SAMPLE_INTERVAL, ScopeChain.GLOBAL_ONLY);
        if (last.equals(Instant.MIN) || !now.isBefore(last.plusSeconds(interval))) {
            last = now;
            sampleNow();
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
