package io.kboss.agent.contract;

import java.util.ArrayList;
import java.util.List;

/** The host as libvirt sees it, plus the agent's own identity and limits. */
public class HostInfoAnswer extends AgentAnswer {
    public String agentId;
    public String agentVersion;
    public String hostname;
    public String cpuModel;
    public int cpus;
    public int cpuMhz;
    public long memoryBytes;
    public long freeMemoryBytes;
    /** e.g. "9.0.0" */
    public String libvirtVersion;
    /** The hypervisor (QEMU) version libvirt reports, e.g. "7.2.0". */
    public String qemuVersion;
    /** How many long jobs this agent runs at once; more are queued. */
    public int maxConcurrentJobs;
    public List<StoragePoolInfo> storagePools = new ArrayList<>();
}
