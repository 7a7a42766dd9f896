package io.kboss.server.settings;

import io.kboss.server.settings.domain.SettingDefinition;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Every setting definition in the running server, from all {@link SettingsContributor} beans. Two
 * definitions of one name stop the server at start-up: a key means one thing.
 */
@Component
public class SettingsRegistry {
    private final Map<String, SettingDefinition<?>> byName = new TreeMap<>();

    public SettingsRegistry(List<SettingsContributor> contributors) {
        for (SettingsContributor c : contributors) {
            for (SettingDefinition<?> d : c.settings()) {
                SettingDefinition<?> previous = byName.putIfAbsent(d.name(), d);
                if (previous != null && previous != d) {
                    throw new IllegalStateException("Setting " + d.name() + " is defined twice (by "
                            + c.getClass().getName() + " and another contributor)");
                }
            }
        }
    }

    public SettingDefinition<?> find(String name) {
        return byName.get(name);
    }

    /** All definitions, ordered by name. */
    public Collection<SettingDefinition<?>> all() {
        return Collections.unmodifiableCollection(byName.values());
    }
}
