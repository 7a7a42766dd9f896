package io.kboss.agent.disk.domain;

import java.nio.file.Path;
import java.util.List;

/** What a compression did, file by file. */
public record CompressionOutcome(List<CompressedFile> files) {

    /**
     * One file: its size before and after; {@code replaced} when the compressed, verified copy took
     * its place, otherwise {@code keptReason} says why it stayed as it was.
     */
    public record CompressedFile(Path file, long sizeBefore, long sizeAfter, boolean replaced, String keptReason) {
    }

    public CompressionOutcome {
        files = List.copyOf(files);
    }

    public long sizeBefore() {
        return files.stream().mapToLong(CompressedFile::sizeBefore).sum();
    }

    public long sizeAfter() {
        return files.stream().mapToLong(CompressedFile::sizeAfter).sum();
    }
}
