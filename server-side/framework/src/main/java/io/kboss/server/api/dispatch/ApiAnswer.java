package io.kboss.server.api.dispatch;

import com.google.gson.JsonObject;

/**
 * A finished API answer: the HTTP status, the whole envelope, and the handler's result object
 * (null on errors) for the HTTP layer to act on, e.g. to set a session cookie after login.
 */
public record ApiAnswer(int httpStatus, JsonObject envelope, Object result) {

    public String json() {
        return ApiJson.gson().toJson(envelope);
    }
}
