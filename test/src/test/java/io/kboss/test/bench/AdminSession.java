package io.kboss.test.bench;

import com.google.gson.JsonObject;
import io.kboss.test.api.ApiSession;
import java.net.URI;

/**
 * The admin's login session, used to prepare a run the way an operator would: read the setting
 * definitions and create the API key the load clients sign with. Not used for the measured calls
 * (those are signed: {@link SignedRequest}).
 */
final class AdminSession {
    private final ApiSession session;

    private AdminSession(ApiSession session) {
        this.session = session;
    }

    static AdminSession logIn(URI endpoint, String username, String password) throws Exception {
        return new AdminSession(ApiSession.loginAt(endpoint, username, password, "/"));
    }

    /** New API and secret keys for the logged-in user ({@code registerUserKeys}). */
    ApiKeys registerOwnKeys() throws Exception {
        JsonObject keys = session.ok("registerUserKeys", "id", session.userId()).getAsJsonObject("userkeys");
        return new ApiKeys(keys.get("apikey").getAsString(), keys.get("secretkey").getAsString());
    }

    /** Calls a command that must succeed; answers the object inside its {@code <command>response} envelope. */
    JsonObject call(String command, String... keyValues) throws Exception {
        return session.ok(command, keyValues);
    }

    /** An API key pair; {@link #toString()} hides the secret so it cannot reach a log by accident. */
    record ApiKeys(String apiKey, String secretKey) {
        @Override
        public String toString() {
            return "ApiKeys[apiKey " + apiKey.substring(0, 6) + "..., secret hidden]";
        }
    }
}
