package io.kboss.agent.contract;

import java.util.ArrayList;
import java.util.List;

/** What a finished backup job produced. */
public class BackupResult {
    public String checkpoint;
    /** The checkpoint's libvirt definition: keep it with the backup, send it back as fromCheckpointXml. */
    public String checkpointXml;
    /** Whether the VM ran (libvirt push backup) or was stopped (read with qemu-img). */
    public boolean vmWasRunning;
    public BackupMode mode;
    /** Set when an incremental was asked but a full was taken; {@code reason} says why. */
    public boolean fullInsteadOfIncremental;
    public String reason;
    public boolean quiesced;
    /**
     * Quiesce was asked, the guest agent did not answer, and the caller allowed this; {@code reason}
     * says why.
     */
    public boolean crashConsistent;
    /** How long the guest's file systems were frozen, when quiesced. */
    public long frozenMillis;
    /**
     * When the disk engine's own work began and ended (epoch milliseconds of the agent's clock): the
     * job's time without its queue, journal and store checks, so the time a client waits can be
     * split into the engine's and everything around it (docs/BENCHMARKS.md, issue 14). 0 from agents
     * before these fields.
     */
    public long engineStartedAtMillis;
    public long engineFinishedAtMillis;
    public List<BackupFileInfo> files = new ArrayList<>();
    /**
     * The VM's libvirt definition when the backup started (libvirt's inactive form: no runtime ids,
     * aliases or security labels, and no secrets, e.g. no VNC password). Keep it with the backup: it
     * is what create-vm-from-backup builds a new VM from when the original's domain is gone, and what
     * quick-restore and start-vm start a transient VM (CloudStack's) from once libvirt forgot it.
     * Sent by agents since the lifecycle feed.
     */
    public String domainXml;
}
