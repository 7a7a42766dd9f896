package io.kboss.agent.contract;

import java.util.ArrayList;
import java.util.List;

/** See {@link VmEventsCommand} for how to follow the feed. */
public class VmEventsAnswer extends AgentAnswer {
    /** Changes when the agent restarts: a cursor of another feed means nothing here. */
    public String feedId;
    /** Oldest first, every sequence greater than the command's {@code afterSequence}. */
    public List<VmEvent> events = new ArrayList<>();
    /** The newest sequence the feed has given out; ask with it when {@code resyncNeeded}. */
    public long lastSequence;
    /** Events after the cursor are missing (new feed, or dropped): read list-vms again. */
    public boolean resyncNeeded;
    /** More events than {@code maxEvents} wait: ask again at once from the last one here. */
    public boolean more;
}
