package io.kboss.client.transport;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * How answers are read: CloudStack's keys are the Java names lower-cased ({@code virtualmachineid}
 * for {@code virtualMachineId}), dates are {@code 2024-05-01T10:00:00+0000}, and a field the
 * server leaves out (it omits nulls) stays null in the record.
 */
public final class ApiJson {
    /** CloudStack's date form, and the ISO forms with {@code +00:00} or {@code Z}. */
    private static final DateTimeFormatter DATE = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);

    private static final Gson GSON = new GsonBuilder()
            .setFieldNamingStrategy(f -> f.getName().toLowerCase(Locale.ROOT))
            .registerTypeAdapter(Instant.class, new InstantAdapter().nullSafe())
            .create();

    private ApiJson() {
    }

    /** The element as a {@code type}, or null when it is absent or JSON null. */
    public static <T> T read(JsonElement e, Class<T> type) {
        return e == null || e.isJsonNull() ? null : GSON.fromJson(e, type);
    }

    /** The object member {@code name}, or null when absent or not an object. */
    public static JsonObject object(JsonObject o, String name) {
        JsonElement e = o == null ? null : o.get(name);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
    }

    public static Instant parseDate(String text) {
        try {
            return OffsetDateTime.parse(text.trim(), DATE).toInstant();
        } catch (DateTimeParseException e) {
            throw new JsonParseException("'" + text + "' is not a date such as 2024-05-01T10:00:00+0000", e);
        }
    }

    private static final class InstantAdapter extends TypeAdapter<Instant> {
        @Override
        public void write(JsonWriter out, Instant value) throws IOException {
            out.value(DateTimeFormatter.ISO_INSTANT.format(value));
        }

        @Override
        public Instant read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            return parseDate(in.nextString());
        }
    }
}
