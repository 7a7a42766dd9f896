package io.kboss.client;

import io.kboss.client.model.UserKeys;

/** API keys of users: registerUserKeys. */
public final class Users {
    private final KbossClient client;

    Users(KbossClient client) {
        this.client = client;
    }

    /** Makes a new API key and secret key for the user (the old ones stop working). */
    public UserKeys registerKeys(String userId) {
        return client.object("registerUserKeys", ApiParams.of("id", userId), "userkeys", UserKeys.class);
    }
}
