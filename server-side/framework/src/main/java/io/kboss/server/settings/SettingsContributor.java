package io.kboss.server.settings;

import io.kboss.server.settings.domain.SettingDefinition;
import java.util.List;

/**
 * A module's settings. Declare one as a Spring bean (a plugin's {@code @Configuration} returns one
 * from a {@code @Bean} method) and the {@link SettingsRegistry} lists and resolves its keys.
 */
@FunctionalInterface
public interface SettingsContributor {
    List<SettingDefinition<?>> settings();
}
