package io.kboss.client;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A command's parameters in the order given. A null value is left out, as an optional parameter
 * not given; lists are sent comma-separated, as CloudStack takes them.
 */
public final class ApiParams {
    private final Map<String, String> values = new LinkedHashMap<>();

    private ApiParams() {
    }

    public static ApiParams none() {
        return new ApiParams();
    }

    /** @param namesAndValues name, value, name, value, ... */
    public static ApiParams of(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("parameters come in name, value pairs; the last name has no value");
        }
        ApiParams p = new ApiParams();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            p.with((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return p;
    }

    /** Adds {@code name} unless {@code value} is null. */
    public ApiParams with(String name, Object value) {
        if (value instanceof Collection<?> list) {
            values.put(name, list.stream().map(String::valueOf).collect(Collectors.joining(",")));
        } else if (value != null) {
            values.put(name, String.valueOf(value));
        }
        return this;
    }

    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(values);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
