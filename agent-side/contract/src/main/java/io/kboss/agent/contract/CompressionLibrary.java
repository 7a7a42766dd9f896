package io.kboss.agent.contract;

/** The qcow2 compression type a compressed backup is written with (an offering's compressionlibrary). */
public enum CompressionLibrary {
    ZSTD, ZLIB
}
