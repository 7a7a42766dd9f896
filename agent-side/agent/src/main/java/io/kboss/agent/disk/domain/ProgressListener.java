package io.kboss.agent.disk.domain;

/**
 * Receives progress of long disk work. Called from the engine's thread, often (every poll of
 * libvirt's job stats, every line of qemu-img -p); implementations must be quick and must not
 * throw.
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (done, total) -> {
    };

    /** {@code done} of {@code total} bytes; total may grow while libvirt sizes the job. */
    void progress(long done, long total);

    /** The step the operation has reached ("merging into b3.qcow2", "verifying"), for people to read. */
    default void phase(String phase) {
    }
}
