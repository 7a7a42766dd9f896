package io.kboss.client;

import com.google.gson.JsonObject;

/**
 * kboss-server refused or failed a command, or an async job it ran failed: CloudStack's
 * {@code errorcode} (431 bad parameter, 401 not authenticated, 432 not allowed, 530 internal error,
 * 531 a failed login, ...), {@code cserrorcode} and {@code errortext}, which says what was wrong.
 */
public class KbossApiException extends KbossClientException {
    private static final long serialVersionUID = 1L;

    /** CloudStack's error code for a parameter that is missing or wrong. */
    public static final int PARAM_ERROR = 431;
    /** The caller is not authenticated (wrong key, expired signature, no session). */
    public static final int UNAUTHORIZED = 401;
    /** The caller may not do this. */
    public static final int UNSUPPORTED_ACTION = 432;
    /** The server failed. */
    public static final int INTERNAL_ERROR = 530;
    /** An account-level refusal, such as a failed login. */
    public static final int ACCOUNT_ERROR = 531;

    private final String command;
    private final int errorCode;
    private final int csErrorCode;
    private final String errorText;
    private final String jobId;

    /**
     * @param jobId the async job that failed, or null when the command itself was refused
     */
    public KbossApiException(String command, int errorCode, int csErrorCode, String errorText, String jobId) {
        super(command + (jobId == null ? "" : " (job " + jobId + ")") + " failed with " + errorCode + ": " + errorText,
                null);
        this.command = command;
        this.errorCode = errorCode;
        this.csErrorCode = csErrorCode;
        this.errorText = errorText;
        this.jobId = jobId;
    }

    /**
     * The error in a refusal's body or a failed job's result: {@code errorcode}, {@code cserrorcode}
     * and {@code errortext}, each as far as the server gave it.
     *
     * @param fallbackCode the HTTP status or jobresultcode, when the body has no errorcode
     */
    static KbossApiException of(String command, JsonObject error, int fallbackCode, String jobId) {
        return new KbossApiException(command, error.has("errorcode") ? error.get("errorcode").getAsInt() : fallbackCode,
                error.has("cserrorcode") ? error.get("cserrorcode").getAsInt() : 0,
                error.has("errortext") ? error.get("errortext").getAsString() : "no errortext given: " + error, jobId);
    }

    public String command() {
        return command;
    }

    /** CloudStack's errorcode, also the HTTP status of a refused command. */
    public int errorCode() {
        return errorCode;
    }

    /** CloudStack's cserrorcode (4350 for a parameter error, ...); 0 when the server sent none. */
    public int csErrorCode() {
        return csErrorCode;
    }

    /** The server's own sentence. */
    public String errorText() {
        return errorText;
    }

    /** The failed async job's id, or null when the command was refused before any job ran. */
    public String jobId() {
        return jobId;
    }
}
