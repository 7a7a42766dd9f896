package io.kboss.plugin.backup.kboss.filerestore;

import io.kboss.server.backup.ImageStoreRef;
import io.kboss.server.backup.ImageStores;
import io.kboss.server.backup.Downloads;
import io.kboss.server.operation.Housekeeping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The copies extractBackupFile made, as the HTTP server hands them out (a link's token, hashed, finds its row;
 * an expired link answers as an unknown one) and as housekeeping removes them once their link expired: the
 * copy from its local-folder store, then the row.
 */
public class ExtractedFiles implements Downloads, Housekeeping {
    private static final Logger LOG = LoggerFactory.getLogger(ExtractedFiles.class);
    private static final int SWEEP_BATCH = 100;

    private final FileExtractions extractions;
    private final ImageStores stores;
    private final Clock clock;

    public ExtractedFiles(FileExtractions extractions, ImageStores stores, Clock clock) {
        this.extractions = extractions;
        this.stores = stores;
        this.clock = clock;
    }

    @Override
    public Optional<Download> find(String token) {
        return extractions.byToken(FileRestoreOperation.sha256(token))
                .filter(e -> e.expires().isAfter(clock.instant()))
                .flatMap(e -> file(e).map(f -> new Download(f, e.fileName())));
    }

    @Override
    public void housekeep(Instant now) {
        for (FileExtractions.Extraction e : extractions.expired(now, SWEEP_BATCH)) {
            try {
                Optional<Path> f = file(e);
                if (f.isPresent()) {
                    Files.deleteIfExists(f.get());
                }
                extractions.remove(e.id());
            } catch (IOException | RuntimeException ex) {
                LOG.warn("Could not delete the expired copy {} of extraction {}; trying again later", e.relativePath(),
                        e.uuid(), ex);
            }
        }
    }

    /** The copy on its store, when the store is a local folder and the row's path stays inside it. */
    private Optional<Path> file(FileExtractions.Extraction e) {
        ImageStoreRef store = stores.byId(e.imageStoreId());
        if (!"file".equals(store.protocol())) {
            return Optional.empty();
        }
        Path root = Path.of(store.path()).toAbsolutePath().normalize();
        Path file = root.resolve(e.relativePath()).normalize();
        return file.startsWith(root) ? Optional.of(file) : Optional.empty();
    }
}
