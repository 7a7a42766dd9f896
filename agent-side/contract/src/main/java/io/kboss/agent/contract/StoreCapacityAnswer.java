package io.kboss.agent.contract;

public class StoreCapacityAnswer extends AgentAnswer {
    public long capacityBytes;
    /** Usable by the agent (statfs f_bavail). */
    public long freeBytes;
    public long usedBytes;
}
