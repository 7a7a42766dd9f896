package io.kboss.agent.contract;

import java.util.ArrayList;
import java.util.List;

/** The hashes of a backup's files. */
public class HashResult {
    public String algorithm = "SHA-256";
    /** Over the files' hashes in the order asked (hex of each, one per line): one value to compare. */
    public String hash;
    public List<FileHash> files = new ArrayList<>();

    /** One file. */
    public static class FileHash {
        /** Relative to the store root, as sent. */
        public String path;
        public long sizeBytes;
        /** Lower-case hex. */
        public String hash;
    }
}
