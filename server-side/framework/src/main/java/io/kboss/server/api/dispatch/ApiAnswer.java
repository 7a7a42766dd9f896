package io.kboss.server.api.dispatch;

import com.google.gson.JsonObject;

/** A finished API answer: the HTTP status and the whole envelope. */
public record ApiAnswer(int httpStatus, JsonObject envelope) {

    public String json() {
        return ApiJson.gson().toJson(envelope);
    }
}
