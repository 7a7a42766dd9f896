package io.kboss.client.model;

import java.util.Base64;
import java.util.Optional;

/**
 * Where the screenshot a validation took of a backup can be fetched (downloadValidationScreenshot,
 * as upstream CloudStack answers it: an extract answer with the {@code url} of a PNG). The server
 * answers the PNG itself as a {@code data:image/png;base64,...} URL.
 */
public record ValidationScreenshot(String id, String url, String state) {
    private static final String DATA_PREFIX = "data:image/png;base64,";

    /** The PNG's bytes when the URL carries them (a data: URL); empty for a URL to fetch elsewhere. */
    public Optional<byte[]> png() {
        if (url == null || !url.startsWith(DATA_PREFIX)) {
            return Optional.empty();
        }
        return Optional.of(Base64.getDecoder().decode(url.substring(DATA_PREFIX.length())));
    }
}
