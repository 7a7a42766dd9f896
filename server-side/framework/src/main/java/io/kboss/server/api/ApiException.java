package io.kboss.server.api;

/**
 * A refusal or failure that reaches the client as a CloudStack error envelope: HTTP status and
 * {@code errorcode} from {@link #errorCode()}, {@code cserrorcode} from {@link #csErrorCode()}, and
 * the message as {@code errortext}. The message is shown to the user as it is, so it must say what
 * was wrong and what is allowed, and must never contain secrets.
 */
public class ApiException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ApiErrorCode errorCode;
    private final int csErrorCode;

    public ApiException(ApiErrorCode errorCode, int csErrorCode, String message) {
        super(message);
        this.errorCode = errorCode;
        this.csErrorCode = csErrorCode;
    }

    public ApiException(ApiErrorCode errorCode, int csErrorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
        this.csErrorCode = csErrorCode;
    }

    /** 431 / 4350: a parameter is missing, malformed, out of range, or names nothing that exists. */
    public static ApiException invalidParameter(String message) {
        return new ApiException(ApiErrorCode.PARAM_ERROR, CsErrorCode.INVALID_PARAMETER_VALUE, message);
    }

    /** 432 / 4365: the caller may not do this (wrong role, or another account's resource). */
    public static ApiException permissionDenied(String message) {
        return new ApiException(ApiErrorCode.UNSUPPORTED_ACTION, CsErrorCode.PERMISSION_DENIED, message);
    }

    /** 401 / 4290: no valid session or signature. */
    public static ApiException unauthenticated(String message) {
        return new ApiException(ApiErrorCode.UNAUTHORIZED, CsErrorCode.CLOUD_AUTHENTICATION, message);
    }

    /** 536 / 4375: the resource is still used by something that must go first. */
    public static ApiException inUse(String message) {
        return new ApiException(ApiErrorCode.RESOURCE_IN_USE, CsErrorCode.RESOURCE_IN_USE, message);
    }

    /** 530 / 4250: the operation failed on the server's side; the message says what to do. */
    public static ApiException internal(String message, Throwable cause) {
        return new ApiException(ApiErrorCode.INTERNAL_ERROR, CsErrorCode.CLOUD_RUNTIME, message, cause);
    }

    public ApiErrorCode errorCode() {
        return errorCode;
    }

    public int csErrorCode() {
        return csErrorCode;
    }
}
