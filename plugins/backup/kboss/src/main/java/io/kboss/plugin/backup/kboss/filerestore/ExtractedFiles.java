package io.kboss.plugin.backup.kboss.filerestore;

import io.kboss.agent.contract.AgentAnswer;
import io.kboss.agent.contract.DeleteExtractCommand;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.ExtractPieceAnswer;
import io.kboss.agent.contract.ReadExtractCommand;
import io.kboss.agent.contract.client.AgentCallException;
import io.kboss.plugin.backup.kboss.operation.StoreRefs;
import io.kboss.server.backup.AgentChannels;
import io.kboss.server.backup.ImageStoreRef;
import io.kboss.server.backup.ImageStores;
import io.kboss.server.backup.Downloads;
import io.kboss.server.operation.Housekeeping;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.util.Base64;
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
 * copy, then the row. A local-folder store's copy is read and deleted by the server itself; an NFS store is
 * mounted only by the hosts, so its copy is streamed piece by piece from the agent of the host that wrote it
 * (read-extract) and deleted through it (delete-extract). A host that cannot be reached keeps the copy and the
 * row until a later sweep; its link answers 404 meanwhile (the same as an unknown one).
 */
public class ExtractedFiles implements Downloads, Housekeeping {
    private static final Logger LOG = LoggerFactory.getLogger(ExtractedFiles.class);
    private static final int SWEEP_BATCH = 100;

    private final FileExtractions extractions;
    private final ImageStores stores;
    private final AgentChannels agents;
    private final Clock clock;

    public ExtractedFiles(FileExtractions extractions, ImageStores stores, AgentChannels agents, Clock clock) {
        this.extractions = extractions;
        this.stores = stores;
        this.agents = agents;
        this.clock = clock;
    }

    @Override
    public Optional<Download> find(String token) {
        Optional<FileExtractions.Extraction> found = extractions.byToken(FileRestoreOperation.sha256(token))
                .filter(e -> e.expires().isAfter(clock.instant()));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        FileExtractions.Extraction e = found.get();
        ImageStoreRef store = stores.byId(e.imageStoreId());
        if ("file".equals(store.protocol())) {
            return file(store, e).map(f -> Download.ofFile(f, e.fileName()));
        }
        return throughAgent(store, e);
    }

    /**
     * The copy as its host's agent reads it. The first piece is read here: it gives the size the browser is told
     * and shows the copy is there (an unreachable host or a vanished copy is answered 404 like an unknown link).
     */
    private Optional<Download> throughAgent(ImageStoreRef store, FileExtractions.Extraction e) {
        if (e.hostId() == null) {
            return Optional.empty();
        }
        ExtractPieceAnswer first;
        try {
            first = piece(store, e, 0);
        } catch (IOException ex) {
            LOG.warn("The copy {} of extraction {} could not be read through its host's agent: {}", e.relativePath(),
                    e.uuid(), ex.getMessage());
            return Optional.empty();
        }
        return Optional.of(new Download(e.fileName(), new Downloads.Content() {
            @Override
            public long size() {
                return first.fileBytes;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                byte[] bytes = Base64.getDecoder().decode(first.dataBase64);
                out.write(bytes);
                long at = bytes.length;
                while (at < first.fileBytes) {
                    ExtractPieceAnswer next = piece(store, e, at);
                    if (next.fileBytes != first.fileBytes) {
                        throw new IOException("The copy " + e.relativePath() + " changed size while it was sent");
                    }
                    bytes = Base64.getDecoder().decode(next.dataBase64);
                    if (bytes.length == 0) {
                        throw new IOException("The copy " + e.relativePath() + " ended at " + at + " of "
                                + first.fileBytes + " bytes");
                    }
                    out.write(bytes);
                    at += bytes.length;
                }
            }
        }));
    }

    private ExtractPieceAnswer piece(ImageStoreRef store, FileExtractions.Extraction e, long offset)
            throws IOException {
        ReadExtractCommand c = new ReadExtractCommand();
        c.store = StoreRefs.of(store);
        c.path = e.relativePath();
        c.offset = offset;
        c.length = ReadExtractCommand.MAX_LENGTH;
        ExtractPieceAnswer a;
        try {
            a = agents.forHost(e.hostId()).execute(c);
        } catch (AgentCallException | IllegalStateException ex) {
            throw new IOException("the agent of host " + e.hostId() + " could not be asked: " + ex.getMessage(), ex);
        }
        if (!a.success) {
            throw a.errorCode == ErrorCode.NOT_FOUND
                    ? new NoSuchFileException(e.relativePath(), null, a.errorText)
                    : new IOException(a.errorText);
        }
        return a;
    }

    @Override
    public void housekeep(Instant now) {
        for (FileExtractions.Extraction e : extractions.expired(now, SWEEP_BATCH)) {
            try {
                ImageStoreRef store = stores.byId(e.imageStoreId());
                if ("file".equals(store.protocol())) {
                    Optional<Path> f = file(store, e);
                    if (f.isPresent()) {
                        Files.deleteIfExists(f.get());
                    }
                } else if (e.hostId() != null) {
                    deleteThroughAgent(store, e);
                }
                extractions.remove(e.id());
            } catch (IOException | RuntimeException ex) {
                LOG.warn("Could not delete the expired copy {} of extraction {}; trying again later", e.relativePath(),
                        e.uuid(), ex);
            }
        }
    }

    private void deleteThroughAgent(ImageStoreRef store, FileExtractions.Extraction e) throws IOException {
        DeleteExtractCommand c = new DeleteExtractCommand();
        c.store = StoreRefs.of(store);
        c.path = e.relativePath();
        AgentAnswer a;
        try {
            a = agents.forHost(e.hostId()).execute(c);
        } catch (AgentCallException | IllegalStateException ex) {
            throw new IOException("the agent of host " + e.hostId() + " could not be asked: " + ex.getMessage(), ex);
        }
        if (!a.success) {
            throw new IOException("the agent of host " + e.hostId() + " could not delete it: " + a.errorText);
        }
    }

    /** The copy on its local-folder store, when the row's path stays inside it. */
    private Optional<Path> file(ImageStoreRef store, FileExtractions.Extraction e) {
        Path root = Path.of(store.path()).toAbsolutePath().normalize();
        Path file = root.resolve(e.relativePath()).normalize();
        return file.startsWith(root) ? Optional.of(file) : Optional.empty();
    }
}
