package io.kboss.agent.contract;

import java.util.ArrayList;
import java.util.List;

/** What a list-backup-files or extract-backup-files job found or wrote. */
public class BackupFilesResult {
    /** The backup's filesystems, when they were listed. */
    public List<Filesystem> filesystems = new ArrayList<>();
    /** The directory's entries, when a directory was listed, by name. */
    public List<Entry> entries = new ArrayList<>();
    /** True when the directory had more than the entries asked for. */
    public boolean truncated;
    /** The written copy, relative to the store root (extract-backup-files). */
    public String outputPath;
    /** FILE (the file's bytes) or TAR (a directory as a tar archive). */
    public String outputKind;
    public long outputBytes;

    /** One filesystem of the backup's disks. */
    public static class Filesystem {
        /** As libguestfs names it: {@code /dev/sda1}, {@code /dev/sdb}, {@code /dev/vg/root}. */
        public String name;
        /** ext4, xfs, vfat, ... */
        public String type;
        public String label;
        public long sizeBytes;
    }

    /** One entry of a directory. */
    public static class Entry {
        public String name;
        /** file, directory, symlink or other. */
        public String type;
        public long sizeBytes;
        public long modifiedAtMillis;
    }
}
