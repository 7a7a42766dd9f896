package io.kboss.server.usage;

import io.kboss.server.settings.SettingsContributor;
import io.kboss.server.settings.domain.SettingDefinition;
import io.kboss.server.settings.domain.SettingScope;
import java.util.List;
import org.springframework.stereotype.Component;

/** Settings of the image stores' usage history. */
@Component
public class StoreUsageSettings implements SettingsContributor {
    public static final String CATEGORY = "Usage";

    public static final SettingDefinition<Integer> SAMPLE_INTERVAL = SettingDefinition
            .integer("store.usage.sample.interval", 900)
            .category(CATEGORY).scope(SettingScope.GLOBAL).min(60).max(86400)
            .description("Seconds between two samples of every image store's used and total bytes (the usage "
                    + "history of listImageStoreUsageHistory)")
            .build();

    public static final SettingDefinition<Integer> RETENTION = SettingDefinition.integer("store.usage.retention", 90)
            .category(CATEGORY).scope(SettingScope.GLOBAL).min(1).max(3660)
            .description("Days an image store usage sample is kept; older samples are deleted").build();

    @Override
    public List<SettingDefinition<?>> settings() {
        return List.of(SAMPLE_INTERVAL, RETENTION);
    }
}
