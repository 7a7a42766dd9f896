package io.kboss.server.api;

/** {@code {"success": true}}, CloudStack's answer to deletes. */
public record SuccessResponse(boolean success, String displaytext) {
    public static SuccessResponse ok() {
        return new SuccessResponse(true, null);
    }
}
