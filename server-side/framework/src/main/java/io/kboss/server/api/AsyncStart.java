package io.kboss.server.api;

import java.util.Objects;

/**
 * What an async command's start phase hands to the job runner.
 *
 * @param resourceId uuid of the resource the job works on (returned as {@code id} next to
 *     {@code jobid}), or null when not known yet
 * @param resourceType CloudStack's {@code jobinstancetype}, e.g. {@code Backup}, or null
 * @param work the background part
 */
public record AsyncStart(String resourceId, String resourceType, AsyncWork work) {
    public AsyncStart {
        Objects.requireNonNull(work, "work");
    }

    public static AsyncStart of(AsyncWork work) {
        return new AsyncStart(null, null, work);
    }
}
