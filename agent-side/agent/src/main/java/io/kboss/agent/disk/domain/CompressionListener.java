package io.kboss.agent.disk.domain;

/**
 * Progress of a compression, and each file as soon as it is done: a compression that fails on a
 * later file has still replaced the earlier ones (each whole and verified), and the caller must
 * know their new sizes.
 */
public interface CompressionListener extends ProgressListener {
    CompressionListener NONE = (done, total) -> {
    };

    /** {@code file} is done: compressed and replaced, or kept as it was (see its reason). */
    default void fileDone(CompressionOutcome.CompressedFile file) {
    }

    /** Progress and phases to {@code progress}, each finished file to {@code files}. */
    static CompressionListener of(ProgressListener progress,
            java.util.function.Consumer<CompressionOutcome.CompressedFile> files) {
        return new CompressionListener() {
            @Override
            public void progress(long done, long total) {
                progress.progress(done, total);
            }

            @Override
            public void phase(String phase) {
                progress.phase(phase);
            }

            @Override
            public void fileDone(CompressionOutcome.CompressedFile file) {
                files.accept(file);
            }
        };
    }
}
