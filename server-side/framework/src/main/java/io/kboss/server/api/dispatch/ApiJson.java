package io.kboss.server.api.dispatch;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.ObjectResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The one Gson configuration for API answers: field names lower-cased (CloudStack's keys are
 * {@code zoneid}, not {@code zoneId}), nulls left out, instants in CloudStack's
 * {@code yyyy-MM-dd'T'HH:mm:ssZ} form, and the list/object wrappers flattened into their shapes.
 */
public final class ApiJson {
    /** CloudStack formats dates as 2024-05-01T10:00:00+0000. */
    public static final DateTimeFormatter DATE_FORMAT = DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ssZ", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final Gson GSON = create();

    private ApiJson() {
    }

    public static Gson gson() {
        return GSON;
    }

    private static Gson create() {
        GsonBuilder b = new GsonBuilder()
                .disableHtmlEscaping()
                .setFieldNamingStrategy(f -> f.getName().toLowerCase(Locale.ROOT));
        // Type adapters that write to the stream: serializers would build a tree per value.
        b.registerTypeAdapter(Instant.class, new TypeAdapter<Instant>() {
            @Override
            public void write(JsonWriter out, Instant value) throws IOException {
                if (value == null) {
                    out.nullValue();
                } else {
                    out.value(DATE_FORMAT.format(value));
                }
            }

            @Override
            public Instant read(JsonReader in) {
                throw new UnsupportedOperationException("API answers are written, never read");
            }
        }.nullSafe());
        b.registerTypeAdapterFactory(new ResponseWrappers());
        return b.create();
    }

    /**
     * Whether the result is written as a JSON object by {@link ApiAnswer#writeTo} without a tree:
     * the list and object wrappers, whose shape is known.
     */
    static boolean writesAnObject(Object result) {
        return result instanceof ListResponse || result instanceof ObjectResponse;
    }

    /** Writes {@link ListResponse} and {@link ObjectResponse} in their flattened shapes. */
    private static final class ResponseWrappers implements TypeAdapterFactory {
        @Override
        @SuppressWarnings("unchecked")
        public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
            Class<?> raw = type.getRawType();
            if (ListResponse.class.isAssignableFrom(raw)) {
                return (TypeAdapter<T>) new WriteOnly<ListResponse<?>>() {
                    @Override
                    public void write(JsonWriter out, ListResponse<?> list) throws IOException {
                        // CloudStack's shape: an empty list is {}, not {"count":0,...}; a page past
                        // the end keeps the count and drops the empty array.
                        out.beginObject();
                        if (list.count() != 0) {
                            out.name("count").value(list.count());
                            if (!list.items().isEmpty()) {
                                out.name(list.itemName()).beginArray();
                                for (Object item : list.items()) {
                                    writeValue(gson, out, item);
                                }
                                out.endArray();
                            }
                        }
                        out.endObject();
                    }
                }.nullSafe();
            }
            if (ObjectResponse.class.isAssignableFrom(raw)) {
                return (TypeAdapter<T>) new WriteOnly<ObjectResponse>() {
                    @Override
                    public void write(JsonWriter out, ObjectResponse o) throws IOException {
                        out.beginObject();
                        out.name(o.objectName());
                        writeValue(gson, out, o.object());
                        out.endObject();
                    }
                }.nullSafe();
            }
            return null;
        }

        // By the value's runtime type, as the tree serializer's context did.
        @SuppressWarnings("unchecked")
        private static void writeValue(Gson gson, JsonWriter out, Object value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else {
                ((TypeAdapter<Object>) gson.getAdapter(value.getClass())).write(out, value);
            }
        }
    }

    private abstract static class WriteOnly<T> extends TypeAdapter<T> {
        @Override
        public T read(JsonReader in) {
            throw new UnsupportedOperationException("API answers are written, never read");
        }
    }

    public static JsonElement toTree(Object response) {
        return response == null ? new JsonObject() : GSON.toJsonTree(response);
    }
}
