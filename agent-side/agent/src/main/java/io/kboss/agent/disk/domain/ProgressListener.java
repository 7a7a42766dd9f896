package io.kboss.agent.disk.domain;

/**
 * Receives progress of long disk work. Called from the engine's thread, often (every poll of
 * libvirt's job stats); implementations must be quick and must not throw.
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (done, total) -> {
    };

    /** {@code done} of {@code total} bytes; total may grow while libvirt sizes the job. */
    void progress(long done, long total);
}
