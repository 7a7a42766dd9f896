package io.kboss.server.api;

/**
 * What an async command's start phase hands to the job runner: either work the job runs itself, or
 * the operation queued for it, of which the job is then a view.
 *
 * @param resourceId uuid of the resource the job works on (returned as {@code id} next to
 *     {@code jobid}), or null when not known yet
 * @param resourceType CloudStack's {@code jobinstancetype}, e.g. {@code Backup}, or null
 * @param work the background part, run by the job runner; null for an operation's job
 * @param operationUuid the operation the start queued (see {@code io.kboss.server.operation}); its end
 *     writes the job's result, whichever management server ends it. Null for work the job runs itself
 */
public record AsyncStart(String resourceId, String resourceType, AsyncWork work, String operationUuid) {
    public AsyncStart {
        if ((work == null) == (operationUuid == null)) {
            throw new IllegalArgumentException("an async start has either work or an operation, not both or neither");
        }
    }

    public AsyncStart(String resourceId, String resourceType, AsyncWork work) {
        this(resourceId, resourceType, work, null);
    }

    public static AsyncStart of(AsyncWork work) {
        return new AsyncStart(null, null, work, null);
    }

    /** A job that shows the queued operation {@code operationUuid} and answers its real outcome. */
    public static AsyncStart operation(String resourceId, String resourceType, String operationUuid) {
        return new AsyncStart(resourceId, resourceType, null, operationUuid);
    }
}
