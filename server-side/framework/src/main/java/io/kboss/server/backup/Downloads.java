package io.kboss.server.backup;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Files the server hands out at {@code /client/download/TOKEN} without a login, the token being the secret: a
 * plugin's bean (the kboss provider's copies of files extracted from backups). The HTTP server asks it for each
 * GET and streams the file; it never lists anything.
 */
public interface Downloads {
    /** Where downloads are served; the token follows. */
    String PATH = "/client/download/";

    /** The file a token names, or empty when the token is unknown or expired (answered 404, the same for both). */
    Optional<Download> find(String token);

    /**
     * @param file     the file to send, whole
     * @param fileName the name the browser saves it as
     */
    record Download(Path file, String fileName) {
    }
}
