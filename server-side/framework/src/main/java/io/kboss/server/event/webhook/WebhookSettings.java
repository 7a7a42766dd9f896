package io.kboss.server.event.webhook;

import io.kboss.server.settings.SettingsContributor;
import io.kboss.server.settings.domain.SettingDefinition;
import io.kboss.server.settings.domain.SettingScope;
import java.util.List;
import org.springframework.stereotype.Component;

/** How webhook deliveries are sent and retried; read by {@link WebhookSender} at every attempt. */
@Component
public class WebhookSettings implements SettingsContributor {
    public static final String CATEGORY = "Webhooks";

    public static final SettingDefinition<Integer> TIMEOUT = SettingDefinition.integer("webhook.delivery.timeout", 10)
            .category(CATEGORY).scope(SettingScope.GLOBAL).min(1).max(120)
            .description("Seconds one delivery attempt may take (connecting, sending and the answer) before it "
                    + "counts as failed")
            .build();

    public static final SettingDefinition<Integer> TRIES = SettingDefinition.integer("webhook.delivery.tries", 3)
            .category(CATEGORY).scope(SettingScope.GLOBAL).min(1).max(20)
            .description("Attempts of a delivery, the first included, before it is given up (and an alert raised)")
            .build();

    public static final SettingDefinition<Integer> RETRY_DELAY = SettingDefinition
            .integer("webhook.delivery.retry.delay", 30)
            .category(CATEGORY).scope(SettingScope.GLOBAL).min(1).max(86400)
            .description("Seconds before the second attempt of a failed delivery; each further attempt waits twice "
                    + "as long as the one before (exponential backoff)")
            .build();

    @Override
    public List<SettingDefinition<?>> settings() {
        return List.of(TIMEOUT, TRIES, RETRY_DELAY);
    }
}
