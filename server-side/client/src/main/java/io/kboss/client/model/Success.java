package io.kboss.client.model;

/** CloudStack's SuccessResponse: whether it worked and, for many commands, a sentence on what was done. */
public record Success(boolean success, String displayText) {
}
