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
}
