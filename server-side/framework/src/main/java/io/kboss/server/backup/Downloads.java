package io.kboss.server.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
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
     * @param fileName the name the browser saves it as
     * @param content  the bytes to send, whole
     */
    record Download(String fileName, Content content) {
        /** A file the server reads itself (on a local-folder store). */
        public static Download ofFile(Path file, String fileName) {
            return new Download(fileName, new Content() {
                @Override
                public long size() throws IOException {
                    return Files.size(file);
                }

                @Override
                public void writeTo(OutputStream out) throws IOException {
                    try (InputStream in = Files.newInputStream(file)) {
                        in.transferTo(out);
                    }
                }
            });
        }
    }

    /**
     * What a download sends: its size is asked first (a {@link java.nio.file.NoSuchFileException} then answers
     * 404), then the bytes are written, from a local file or piece by piece from a host's agent.
     */
    interface Content {
        long size() throws IOException;

        /** Writes exactly {@link #size()} bytes; an IOException midway aborts the response. */
        void writeTo(OutputStream out) throws IOException;
    }
}
