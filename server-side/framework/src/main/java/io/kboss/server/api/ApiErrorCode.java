package io.kboss.server.api;

/**
 * The HTTP status codes CloudStack's API answers errors with; the response's {@code errorcode}
 * field carries the same number as the HTTP status.
 */
public enum ApiErrorCode {
    UNAUTHORIZED(401), MALFORMED_PARAMETER(430), PARAM_ERROR(431), UNSUPPORTED_ACTION(432), INTERNAL_ERROR(
            530), ACCOUNT_ERROR(531), RESOURCE_UNAVAILABLE(534), RESOURCE_ALLOCATION(535), RESOURCE_IN_USE(536);

    private final int httpStatus;

    ApiErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
