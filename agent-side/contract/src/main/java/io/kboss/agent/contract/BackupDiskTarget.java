package io.kboss.agent.contract;

/** Where one disk of the VM goes in this backup. */
public class BackupDiskTarget {
    /** The VM's device, e.g. {@code vda}. */
    public String targetDevice;
    /** The server's volume id; only used in the layout of the path. */
    public String volumeId;
    /** The new file, relative to the store root ({@code backups/<account>/<volume>/<uuid>.qcow2}). */
    public String path;
    /** For INCREMENTAL: the parent backup's file, relative to the store root. */
    public String parentPath;
}
