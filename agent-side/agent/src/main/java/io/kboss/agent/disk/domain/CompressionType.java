package io.kboss.agent.disk.domain;

import java.util.Locale;

/** The qcow2 compression types qemu-img writes (its {@code compression_type} option). */
public enum CompressionType {
    ZSTD, ZLIB;

    /** The name qemu-img takes and reports. */
    public String qemuName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
