package io.kboss.server.event.log;

import io.kboss.server.settings.SettingsContributor;
import io.kboss.server.settings.domain.SettingDefinition;
import io.kboss.server.settings.domain.SettingScope;
import java.util.List;
import org.springframework.stereotype.Component;

/** How long events and alerts are kept; read by {@link EventPurge}. CloudStack's names. */
@Component
public class EventSettings implements SettingsContributor {
    public static final String CATEGORY = "Events";

    public static final SettingDefinition<Integer> PURGE_DELAY = SettingDefinition.integer("event.purge.delay", 15)
            .category(CATEGORY).scope(SettingScope.GLOBAL).min(0).max(36500)
            .description("Days an event is kept (with its webhook deliveries); older ones are deleted. 0 keeps "
                    + "them for ever")
            .build();

    public static final SettingDefinition<Integer> PURGE_INTERVAL = SettingDefinition
            .integer("event.purge.interval", 86400)
            .category(CATEGORY).scope(SettingScope.GLOBAL).min(60).max(31_536_000)
            .description("Seconds between two purges of old events and alerts").build();

    public static final SettingDefinition<Integer> ALERT_PURGE_DELAY = SettingDefinition
            .integer("alert.purge.delay", 0)
            .category(CATEGORY).scope(SettingScope.GLOBAL).min(0).max(36500)
            .description("Days an alert is kept; older ones are deleted. 0 keeps them for ever").build();

    @Override
    public List<SettingDefinition<?>> settings() {
        return List.of(PURGE_DELAY, PURGE_INTERVAL, ALERT_PURGE_DELAY);
    }
}
