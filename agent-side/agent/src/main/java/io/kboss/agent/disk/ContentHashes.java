package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.DiskOperationException;
import io.kboss.agent.disk.domain.DiskOperationException.Reason;
import io.kboss.agent.disk.domain.HashOutcome;
import io.kboss.agent.disk.domain.HashOutcome.FileHash;
import io.kboss.agent.disk.domain.ProgressListener;
import io.kboss.agent.domain.CancelToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Hashes backup files (SHA-256 of their bytes as stored), for the periodic re-check of a validated
 * backup: a file that changed on the store since it was validated (bit rot, a careless hand) hashes
 * differently. Read in 1 MiB pieces; progress in bytes; a cancel stops it between pieces.
 */
public final class ContentHashes {
    private static final int PIECE = 1 << 20;

    public HashOutcome hash(List<Path> files, ProgressListener progress, CancelToken cancel) {
        long total = 0;
        for (Path f : files) {
            total += size(f);
        }
        List<FileHash> hashes = new ArrayList<>();
        MessageDigest combined = sha256();
        long done = 0;
        ByteBuffer buffer = ByteBuffer.allocateDirect(PIECE);
        for (Path f : files) {
            progress.phase("hashing " + f.getFileName());
            MessageDigest digest = sha256();
            long size = 0;
            try (FileChannel channel = FileChannel.open(f, StandardOpenOption.READ)) {
                int n;
                while ((n = channel.read(buffer)) >= 0) {
                    if (cancel.isCancelled()) {
                        throw new DiskOperationException("hashing stopped at " + f + " (" + cancel.reason() + ")", null,
                                true, Reason.CANCELLED);
                    }
                    buffer.flip();
                    digest.update(buffer);
                    buffer.clear();
                    size += n;
                    done += n;
                    progress.progress(done, total);
                }
            } catch (IOException e) {
                throw new DiskOperationException("cannot read backup file " + f + " to hash it: " + e, e, true);
            }
            String hex = HexFormat.of().formatHex(digest.digest());
            combined.update((hex + "\n").getBytes(StandardCharsets.US_ASCII));
            hashes.add(new FileHash(f, size, hex));
        }
        return new HashOutcome(hashes, HexFormat.of().formatHex(combined.digest()));
    }

    private static long size(Path f) {
        if (!Files.isRegularFile(f)) {
            throw new DiskOperationException("backup file " + f + " does not exist; is the store mounted?", null,
                    true, Reason.MISSING_FILE);
        }
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new DiskOperationException("cannot read the size of " + f + ": " + e, e, true);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }
}
