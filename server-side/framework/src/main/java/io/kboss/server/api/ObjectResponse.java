package io.kboss.server.api;

/** One object wrapped in its name: {@code {"zone": {...}}}, as CloudStack answers create commands. */
public record ObjectResponse(String objectName, Object object) {
}
