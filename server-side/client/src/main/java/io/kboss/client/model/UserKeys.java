package io.kboss.client.model;

/** A user's API key and secret key (registerUserKeys). The secret signs requests; keep it as a password. */
public record UserKeys(String apiKey, String secretKey) {
    @Override
    public String toString() {
        return "UserKeys[apiKey=" + apiKey + ", secretKey=(hidden)]";
    }
}
