package io.kboss.server.settings;

import io.kboss.server.settings.domain.InvalidSettingValueException;
import io.kboss.server.settings.domain.ScopeChain;
import io.kboss.server.settings.domain.ScopeChain.ScopedKey;
import io.kboss.server.settings.domain.SettingDefinition;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads setting values: account → cluster → zone → global → default, limited to the scopes the key
 * allows. Reads go to the database every time (one indexed query): every key is dynamic without a
 * cache to invalidate across management servers, and the query costs well under a millisecond.
 *
 * <p>Plugins inject this bean and call {@code settings.value(KEY, ScopeChain.zone(zoneId))}.
 */
@Component
public class Settings {
    private static final Logger LOG = LoggerFactory.getLogger(Settings.class);

    private final SettingValueRepository values;

    public Settings(SettingValueRepository values) {
        this.values = values;
    }

    public <T> T value(SettingDefinition<T> key, ScopeChain scope) {
        return resolve(key, scope).value();
    }

    /** The value and where it came from (null place = the default). */
    public <T> Resolved<T> resolve(SettingDefinition<T> key, ScopeChain scope) {
        List<ScopedKey> order = scope.lookupOrder(key);
        return pick(key, order, values.find(key.name(), order));
    }

    /** Resolves many keys at one scope with a single query (listConfigurations). */
    public Map<SettingDefinition<?>, Resolved<?>> resolveAll(Collection<SettingDefinition<?>> keys, ScopeChain scope) {
        Map<String, Map<ScopedKey, String>> stored = values.findAll(scope.allPlaces());
        Map<SettingDefinition<?>, Resolved<?>> out = new LinkedHashMap<>();
        for (SettingDefinition<?> key : keys) {
            out.put(key, pick(key, scope.lookupOrder(key), stored.getOrDefault(key.name(), Map.of())));
        }
        return out;
    }

    /**
     * Every stored value of {@code keys}, at every scope, read with one query: for a caller that resolves
     * the same few keys at many scopes in one decision (the operation queue's limits per host and zone).
     * The snapshot is as fresh as that query; take a new one for the next decision.
     */
    public Snapshot snapshot(Collection<? extends SettingDefinition<?>> keys) {
        return new Snapshot(values.findByNames(keys.stream().map(SettingDefinition::name).distinct().toList()));
    }

    /** Stored values of a few keys as one query found them, resolved like {@link #value}. */
    public final class Snapshot {
        private final Map<String, Map<ScopedKey, String>> stored;

        private Snapshot(Map<String, Map<ScopedKey, String>> stored) {
            this.stored = stored;
        }

        /** The value at {@code scope}; {@code key} must be one of the keys the snapshot read. */
        public <T> T value(SettingDefinition<T> key, ScopeChain scope) {
            return pick(key, scope.lookupOrder(key), stored.getOrDefault(key.name(), Map.of())).value();
        }
    }

    private <T> Resolved<T> pick(SettingDefinition<T> key, List<ScopedKey> order, Map<ScopedKey, String> found) {
        for (ScopedKey place : order) {
            String text = found.get(place);
            if (text == null) {
                continue;
            }
            try {
                return new Resolved<>(key.parse(text), text, place);
            } catch (InvalidSettingValueException e) {
                // Values are checked when set, so this is a row edited by hand or a definition that
                // narrowed its range; fall back rather than fail every caller, and say so.
                LOG.warn("Ignoring stored value of {} at {} {}: {}. Set it again with updateConfiguration.",
                        key.name(), place.scope(), place.id(), e.getMessage());
            }
        }
        return new Resolved<>(key.defaultValue(), key.defaultText(), null);
    }

    public record Resolved<T>(T value, String text, ScopedKey place) {
    }
}
