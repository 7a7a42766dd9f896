package io.kboss.client.model;

/**
 * Where the screenshot a validation took of a backup can be fetched (downloadValidationScreenshot,
 * as upstream CloudStack answers it: an extract answer with the {@code url} of a PNG).
 *
 * <p>Typed ahead of the server (issue 10 describes the command).
 */
public record ValidationScreenshot(String id, String url, String state) {
}
