package io.kboss.agent.contract;

import java.util.ArrayList;
import java.util.List;

/** A libvirt domain on the host. */
public class VmInfo {
    public String uuid;
    public String name;
    public VmState state;
    public boolean persistent;
    public int vcpus;
    public long memoryBytes;
    public List<VmDiskInfo> disks = new ArrayList<>();
}
