package io.kboss.agent.contract;

/** The agent's half of the key derivation, and who it is. */
public class PairAnswer extends AgentAnswer {
    /** Stable id of this agent (survives restarts and re-pairing). */
    public String agentId;
    public String hostname;
    /** Random, base64; with the server's nonce and the pairing code it gives the channel key. */
    public String agentNonce;
}
