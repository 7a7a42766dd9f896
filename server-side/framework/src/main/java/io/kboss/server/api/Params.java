package io.kboss.server.api;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A command's parameters after validation: only declared parameters, already converted to their
 * declared types (String, Boolean, Integer, Long, UUID, Instant, List, Map). A handler reads them
 * with the typed getters and never parses or range-checks again.
 */
public final class Params {
    private final Map<String, Object> values;

    public Params(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String string(String name) {
        return (String) values.get(name);
    }

    public String string(String name, String fallback) {
        return has(name) ? string(name) : fallback;
    }

    public Boolean bool(String name) {
        return (Boolean) values.get(name);
    }

    public boolean bool(String name, boolean fallback) {
        return has(name) ? bool(name) : fallback;
    }

    public Integer integer(String name) {
        return (Integer) values.get(name);
    }

    public int integer(String name, int fallback) {
        return has(name) ? integer(name) : fallback;
    }

    public Long longValue(String name) {
        return (Long) values.get(name);
    }

    public UUID uuid(String name) {
        return (UUID) values.get(name);
    }

    public Instant date(String name) {
        return (Instant) values.get(name);
    }

    /** A list parameter's elements, typed as declared; empty when absent. */
    @SuppressWarnings("unchecked")
    public <T> List<T> list(String name) {
        Object v = values.get(name);
        return v == null ? List.of() : (List<T>) v;
    }

    /** A map parameter's entries; empty when absent. */
    @SuppressWarnings("unchecked")
    public Map<String, String> map(String name) {
        Object v = values.get(name);
        return v == null ? Map.of() : (Map<String, String>) v;
    }

    public Map<String, Object> asMap() {
        return values;
    }
}
