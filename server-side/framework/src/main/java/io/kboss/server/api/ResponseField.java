package io.kboss.server.api;

/** One field of a command's response object, as {@code listApis} reports it. */
public record ResponseField(String name, String type, String description) {
}
