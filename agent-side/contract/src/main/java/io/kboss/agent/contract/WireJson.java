package io.kboss.agent.contract;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * The one Gson configuration both ends use. Gson ignores unknown fields and reads an unknown enum
 * constant as null, so a newer peer's additions never break an older one.
 */
public final class WireJson {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private WireJson() {
    }

    public static Gson gson() {
        return GSON;
    }

    public static String toJson(Object value) {
        return GSON.toJson(value);
    }

    public static <T> T fromJson(String json, Class<T> type) {
        return GSON.fromJson(json, type);
    }
}
