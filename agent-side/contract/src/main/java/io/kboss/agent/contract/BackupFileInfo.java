package io.kboss.agent.contract;

/** One file a backup wrote. */
public class BackupFileInfo {
    public String targetDevice;
    /** Relative to the store root. */
    public String path;
    /** The backing file as written in the qcow2 header (relative to the file's folder), or null. */
    public String backingPath;
    public long physicalSizeBytes;
    public long virtualSizeBytes;
}
