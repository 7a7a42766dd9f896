package io.kboss.agent.contract;

import java.util.ArrayList;
import java.util.List;

/** What a compress-backup job did, file by file and in total. */
public class CompressionResult {
    public CompressionLibrary library;
    /** The backup's size on the store before, in bytes (the files as they were). */
    public long sizeBeforeBytes;
    /** Its size after, in bytes (files whose copy was not smaller count with their old size). */
    public long sizeAfterBytes;
    public List<CompressedFile> files = new ArrayList<>();

    /** One file of the backup. */
    public static class CompressedFile {
        /** Relative to the store root, as sent. */
        public String path;
        public long sizeBeforeBytes;
        public long sizeAfterBytes;
        /** True when the compressed, verified copy replaced the file. */
        public boolean replaced;
        /** Why the file was kept as it was (its compressed copy was not smaller), or null. */
        public String keptReason;
    }
}
