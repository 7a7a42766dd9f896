package io.kboss.server.event.log;

import io.kboss.server.alert.Alerts;
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
 * Deletes events older than {@code event.purge.delay} days (their webhook deliveries with them) and alerts
 * older than {@code alert.purge.delay} days, every {@code event.purge.interval} seconds, on the host
 * monitor's leader only. A tick every minute compares the clock with the next due time, so a changed
 * interval applies at once; a purge that fails is logged and the next tick tries again.
 */
@Component
public class EventPurge implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(EventPurge.class);
    /** Rows per DELETE, so one purge never holds a long lock on the event table. */
    static final int BATCH = 5000;

    private final EventQuery events;
    private final Alerts alerts;
    private final Settings settings;
    private final Clock clock;
    private final FrameworkProperties properties;
    private final LeaderTicker ticker;
    private Instant last = Instant.MIN;

    public EventPurge(EventQuery events, Alerts alerts, Settings settings, MonitorLeadership leadership, Clock clock,
            FrameworkProperties properties) {
        this.events = events;
        this.alerts = alerts;
        this.settings = settings;
        this.clock = clock;
        this.properties = properties;
        this.ticker = new LeaderTicker("kboss-event-purge", Duration.ofSeconds(60), leadership, this::purgeWhenDue,
                () -> {
                }, "Purging old events and alerts failed; trying again at the next tick");
    }

    /** Not without the server's background loops: tests purge by hand ({@link #purgeNow}). */
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

    /** A leader's tick: purges when event.purge.interval has passed since the last purge. */
    private void purgeWhenDue() {
        Instant now = clock.instant();
        int interval = settings.value(EventSettings.PURGE_INTERVAL, ScopeChain.GLOBAL_ONLY);
        if (last.equals(Instant.MIN) || !now.isBefore(last.plusSeconds(interval))) {
            last = now;
            purgeNow();
        }
    }

    /** One purge now; returns the events deleted. */
    public int purgeNow() {
        Instant now = clock.instant();
        int days = settings.value(EventSettings.PURGE_DELAY, ScopeChain.GLOBAL_ONLY);
        int deleted = days == 0 ? 0 : events.deleteBefore(now.minus(Duration.ofDays(days)), BATCH);
        int alertDays = settings.value(EventSettings.ALERT_PURGE_DELAY, ScopeChain.GLOBAL_ONLY);
        int alertsDeleted = alertDays == 0 ? 0 : alerts.deleteBefore(now.minus(Duration.ofDays(alertDays)));
        if (deleted > 0 || alertsDeleted > 0) {
            LOG.info("Purged {} events older than {} days and {} alerts older than {} days", deleted, days,
                    alertsDeleted, alertDays);
        }
        return deleted;
    }
}
