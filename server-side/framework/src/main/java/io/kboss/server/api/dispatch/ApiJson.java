package io.kboss.server.api.dispatch;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSerializer;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.ObjectResponse;
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
    public static final DateTimeFormatter DATE_FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ", Locale.ROOT).withZone(ZoneOffset.UTC);

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
        b.registerTypeAdapter(Instant.class,
                (JsonSerializer<Instant>) (src, t, ctx) -> new JsonPrimitive(DATE_FORMAT.format(src)));
        b.registerTypeHierarchyAdapter(ListResponse.class, (JsonSerializer<ListResponse<?>>) (src, t, ctx) -> {
            JsonObject o = new JsonObject();
            o.addProperty("count", src.count());
            JsonArray items = new JsonArray();
            for (Object item : src.items()) {
                items.add(ctx.serialize(item));
            }
            o.add(src.itemName(), items);
            return o;
        });
        b.registerTypeAdapter(ObjectResponse.class, (JsonSerializer<ObjectResponse>) (src, t, ctx) -> {
            JsonObject o = new JsonObject();
            o.add(src.objectName(), ctx.serialize(src.object()));
            return o;
        });
        return b.create();
    }

    public static JsonElement toTree(Object response) {
        return response == null ? new JsonObject() : GSON.toJsonTree(response);
    }
}
