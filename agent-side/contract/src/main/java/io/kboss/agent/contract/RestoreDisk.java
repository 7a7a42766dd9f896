package io.kboss.agent.contract;

import java.util.ArrayList;
import java.util.List;

/** One disk to restore: the chain to flatten and where to. */
public class RestoreDisk {
    /** The VM's device to restore into, e.g. {@code vda}. */
    public String targetDevice;
    /** The backup files, relative to the store root, the full backup first and the point last. */
    public List<String> chainPaths = new ArrayList<>();
    /**
     * Absolute path of the volume to write. Null means the VM's current disk for
     * {@code targetDevice}; set it to restore into one (new) volume.
     */
    public String destinationPath;
    /** Format to write {@code destinationPath} in: qcow2 (default) or raw. */
    public String destinationFormat = "qcow2";
}
