package io.kboss.agent.contract;

/**
 * Pairs the agent with one management server. Signed with the one-time pairing code the agent
 * printed (not with a session key, which does not exist yet). Both sides then derive the
 * channel key from the code and the two nonces; the key itself never crosses the network.
 */
public class PairCommand extends AgentCommand<PairAnswer> {
    public static final String NAME = "pair";
    /** Identifies the management server (cluster) that owns this agent from now on. */
    public String serverId;
    /** Random, base64; fresh for every pairing attempt. */
    public String serverNonce;

    @Override
    public String commandName() {
        return NAME;
    }

    @Override
    public Class<PairAnswer> answerType() {
        return PairAnswer.class;
    }
}
