package io.kboss.server.operation;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.Objects;
import java.util.Optional;

/**
 * The kind-specific fields of an operation (stored as a small JSON object in {@code operation.payload}):
 * what its handler needs to run it again after its server died, beyond the VM, host and backup the
 * row already names. Immutable.
 */
public final class Payload {
    public static final Payload EMPTY = new Payload(new JsonObject());

    private final JsonObject fields;

    private Payload(JsonObject fields) {
        this.fields = fields;
    }

    public static Payload parse(String json) {
        return json == null || json.isBlank() ? EMPTY : new Payload(JsonParser.parseString(json).getAsJsonObject());
    }

    public Payload with(String key, String value) {
        JsonObject copy = fields.deepCopy();
        copy.addProperty(key, Objects.requireNonNull(value, key));
        return new Payload(copy);
    }

    public Payload with(String key, long value) {
        JsonObject copy = fields.deepCopy();
        copy.addProperty(key, value);
        return new Payload(copy);
    }

    public Payload with(String key, boolean value) {
        JsonObject copy = fields.deepCopy();
        copy.addProperty(key, value);
        return new Payload(copy);
    }

    public Optional<String> string(String key) {
        JsonElement e = fields.get(key);
        return e == null || e.isJsonNull() ? Optional.empty() : Optional.of(e.getAsString());
    }

    /** The field, which the handler wrote when it queued the operation. */
    public String requireString(String key) {
        return string(key).orElseThrow(() -> new IllegalStateException("the operation's payload has no " + key
                + ": " + fields));
    }

    public long requireLong(String key) {
        return Long.parseLong(requireString(key));
    }

    public boolean bool(String key) {
        JsonElement e = fields.get(key);
        return e != null && !e.isJsonNull() && e.getAsBoolean();
    }

    public String json() {
        return fields.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Payload p && p.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return json();
    }
}
