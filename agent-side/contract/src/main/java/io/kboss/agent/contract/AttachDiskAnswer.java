package io.kboss.agent.contract;

public class AttachDiskAnswer extends AgentAnswer {
    /** The VM's new device, e.g. {@code vdb}. */
    public String targetDevice;
    /** The bus of the new disk (virtio). */
    public String bus;
    /** True when the disk was hot-plugged into the running VM as well as its definition. */
    public boolean live;
    /** On failure: true when the file was deleted as asked ({@code removeFileIfNotAttached}). */
    public boolean fileRemoved;
}
