package io.kboss.agent.disk.domain;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One chain to flatten into one volume by path: a new volume, or a disk of a VM libvirt no longer
 * knows.
 *
 * @param newestBackup the chain's newest file (qemu-img follows its backing files to the full)
 * @param volume absolute path of the volume to write
 * @param format qcow2 or raw
 */
public record VolumeRestore(Path newestBackup, Path volume, String format) {
    public VolumeRestore {
        Objects.requireNonNull(newestBackup, "newestBackup");
        Objects.requireNonNull(volume, "volume");
        if (!volume.isAbsolute()) {
            throw new IllegalArgumentException("a volume to restore into needs an absolute path, not " + volume);
        }
        if (!"qcow2".equals(format) && !"raw".equals(format)) {
            throw new IllegalArgumentException("a volume is restored as qcow2 or raw, not " + format);
        }
    }
}
