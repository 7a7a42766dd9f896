package io.kboss.plugin.backup.kboss.domain.compression;

import java.util.Arrays;

/** A backup's compression status, as stored in {@code backup.compression_status} and shown by listBackups. */
public enum CompressionStatus {
    /**
     * Not compressed (yet): no compression queued, one queued, one waiting for its next attempt, or one an
     * operator cancelled (the reason says so; it is not queued again by itself).
     */
    UNCOMPRESSED("Uncompressed"),
    /** The agent is copying the backup's files compressed and comparing each copy with its file. */
    COMPRESSING("Compressing"),
    /** The agent is replacing files with their verified compressed copies. */
    FINALIZING_COMPRESSION("FinalizingCompression"), COMPRESSED("Compressed"),
    /** Every attempt failed; the backup's files are whole (each either as taken or compressed and verified). */
    COMPRESSION_ERROR("CompressionError");

    private final String apiName;

    CompressionStatus(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    public static CompressionStatus fromApiName(String name) {
        return Arrays.stream(values()).filter(s -> s.apiName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown compression status '" + name + "'"));
    }
}
