package io.kboss.agent.contract;

/**
 * The VMs' lifecycle changes since a cursor, as libvirt reported them (started, stopped, paused,
 * defined, undefined, ...), within milliseconds of the change: cheap enough to ask every couple of
 * seconds. Sent by servers since the lifecycle feed.
 *
 * <p>How a server follows it: the first call (no {@code feedId}) answers {@code resyncNeeded} with
 * the feed's id and {@code lastSequence}; the server then reads every VM with {@code list-vms} and
 * from then on asks with that feedId and the sequence of the last event it applied. An event may
 * repeat what list-vms already showed (it happened between the two calls): apply events as "the
 * VM's state is now X", which makes repeats harmless. {@code resyncNeeded} again means events were
 * lost (the agent restarted, so the feed is new; or the server asked so rarely that the feed
 * dropped old events): read list-vms once more and go on from the answer's {@code lastSequence}.
 */
public class VmEventsCommand extends AgentCommand<VmEventsAnswer> {
    public static final String NAME = "vm-events";
    /** The feedId of the previous answer; null on the first call. */
    public String feedId;
    /** Answers the events whose sequence is greater than this one. */
    public long afterSequence;
    /** At most this many events in one answer, 1 to 1000; {@code more} says when others wait. */
    public int maxEvents = 500;

    @Override
    public String commandName() {
        return NAME;
    }

    @Override
    public Class<VmEventsAnswer> answerType() {
        return VmEventsAnswer.class;
    }
}
