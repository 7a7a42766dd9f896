package io.kboss.server.api;

/**
 * CloudStack's {@code cserrorcode} values (its CSExceptionErrorCode table, keyed there by exception
 * class). Clients use them to tell kinds of failure apart, so the numbers must match CloudStack's.
 */
public final class CsErrorCode {
    public static final int CLOUD_RUNTIME = 4250;
    public static final int CLOUD_AUTHENTICATION = 4290;
    public static final int CONCURRENT_OPERATION = 4300;
    public static final int INTERNAL_ERROR = 4345;
    public static final int INVALID_PARAMETER_VALUE = 4350;
    public static final int PERMISSION_DENIED = 4365;
    public static final int RESOURCE_ALLOCATION = 4370;
    public static final int RESOURCE_IN_USE = 4375;
    public static final int RESOURCE_UNAVAILABLE = 4380;
    public static final int STORAGE_UNAVAILABLE = 4385;
    public static final int UNSUPPORTED_SERVICE = 4390;
    public static final int REQUEST_LIMIT = 4545;
    /** CloudStack's code for a ServerApiException not caused by one of the exceptions above. */
    public static final int SERVER_API = 9999;

    private CsErrorCode() {
    }
}
