package io.kboss.agent.contract.client;

/** What the management server keeps after pairing: who the agent is and the channel key. */
public final class PairingResult {
    private final String agentId;
    private final String hostname;
    private final byte[] channelKey;

    public PairingResult(String agentId, String hostname, byte[] channelKey) {
        this.agentId = agentId;
        this.hostname = hostname;
        this.channelKey = channelKey.clone();
    }

    public String agentId() {
        return agentId;
    }

    public String hostname() {
        return hostname;
    }

    /** Secret: store it encrypted or in a 0600 file, never log it. */
    public byte[] channelKey() {
        return channelKey.clone();
    }

    @Override
    public String toString() {
        return "PairingResult[agentId=" + agentId + ", hostname=" + hostname + ", channelKey=<hidden>]";
    }
}
