package io.kboss.agent.contract;

import java.util.ArrayList;
import java.util.List;

/** One disk of the backup to validate: the VM's device and its chain of backup files. */
public class ValidationDisk {
    /** The VM's device, e.g. {@code vda}. */
    public String targetDevice;
    /** The backup files, relative to the store root, the full backup first and the point last. */
    public List<String> chainPaths = new ArrayList<>();
}
